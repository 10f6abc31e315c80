using System;
using System.Security.Cryptography;
using System.Text;
using Akool.Client;

namespace Akool.Webhooks
{
    // AES-CBC, PKCS#7; the key is the client secret's UTF-8 bytes, the IV the client id's first 16 UTF-8 bytes, zero-padded.
    internal static class WebhookCipher
    {
        private const int BlockSize = 16;

        public static string? KeyProblem(Secret secret)
        {
            int length = Encoding.UTF8.GetByteCount(secret.Reveal());
            return length == 16 || length == 24 || length == 32
                ? null
                : $"The client secret is {length} bytes long in UTF-8, and Akool's AES key must be 16, 24 or 32 bytes (Akool's secrets are 32 characters). Use the client secret (the API key) from the Akool console.";
        }

        public static byte[] Iv(string clientId)
        {
            byte[] id = Encoding.UTF8.GetBytes(clientId);
            var iv = new byte[BlockSize];
            Array.Copy(id, iv, Math.Min(BlockSize, id.Length));
            return iv;
        }

        public static string Decrypt(string dataEncrypt, string clientId, Secret secret)
        {
            byte[] cipherText;
            try
            {
                cipherText = Convert.FromBase64String(dataEncrypt);
            }
            catch (FormatException)
            {
                throw Failed("The callback's 'dataEncrypt' is not base64.");
            }
            if (cipherText.Length == 0 || cipherText.Length % BlockSize != 0) throw Failed("The callback's 'dataEncrypt' is not a whole number of AES blocks.");

            byte[] key = Encoding.UTF8.GetBytes(secret.Reveal());
            byte[]? plain = null;
            try
            {
                using (Aes aes = Aes.Create())
                {
                    aes.Mode = CipherMode.CBC;
                    aes.Padding = PaddingMode.PKCS7;
                    using (ICryptoTransform decryptor = aes.CreateDecryptor(key, Iv(clientId)))
                    {
                        plain = decryptor.TransformFinalBlock(cipherText, 0, cipherText.Length);
                    }
                }
                return new UTF8Encoding(false, true).GetString(plain);
            }
            catch (CryptographicException)
            {
                // Almost always the wrong secret: CBC with another key ends in bad padding.
                throw Failed("The callback's payload does not decrypt with this client secret (the padding is invalid).");
            }
            catch (DecoderFallbackException)
            {
                throw Failed("The callback's payload does not decrypt to text with this client secret.");
            }
            finally
            {
                Array.Clear(key, 0, key.Length);
                if (plain != null) Array.Clear(plain, 0, plain.Length);
            }
        }

        private static WebhookVerificationException Failed(string message) =>
            new WebhookVerificationException(WebhookFailure.DecryptionFailed, message);
    }
}
