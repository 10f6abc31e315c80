using System;
using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Akool.Emulator
{
    /// <summary>One Akool JSON answer (always HTTP 200): its <c>code</c> and the serialized body.</summary>
    internal sealed class ApiAnswer
    {
        /// <summary>Plain URLs in the output (no \u0026 for every ampersand); the bodies are never embedded in HTML.</summary>
        internal static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private ApiAnswer(int code, byte[] body)
        {
            Code = code;
            Body = body;
        }

        public int Code { get; }

        public byte[] Body { get; }

        /// <summary>The <c>{code, msg, data}</c> envelope; errors carry no <c>data</c>.</summary>
        public static ApiAnswer Envelope(int code, string msg, Action<Utf8JsonWriter>? writeData = null)
        {
            return Build(code, writer =>
            {
                writer.WriteNumber("code", code);
                writer.WriteString("msg", msg);
                if (writeData is not null)
                {
                    writer.WritePropertyName("data");
                    writer.WriteStartObject();
                    writeData(writer);
                    writer.WriteEndObject();
                }
            });
        }

        public static ApiAnswer Error(int code) => Envelope(code, MessageFor(code));

        /// <summary>getToken's own shape: the token at the top level, no <c>msg</c>, no <c>data</c> (as Akool documents it).</summary>
        public static ApiAnswer Token(string token) => Build(1000, writer =>
        {
            writer.WriteNumber("code", 1000);
            writer.WriteString("token", token);
        });

        /// <summary>A job as the create and info answers show it, with the fields the real answers carry.</summary>
        public static ApiAnswer Job(EmulatedJob job, int status, string videoUrl, bool isInfo) => Envelope(1000, "OK", w =>
        {
            w.WriteNumber("faceswap_quality", 2);
            w.WriteNumber("storage_loc", 1);
            w.WriteString("_id", job.Id);
            w.WriteNumber("create_time", job.CreatedAt.ToUnixTimeMilliseconds());
            w.WriteNumber("uid", 378337);
            w.WriteNumber("type", 5);
            w.WriteNumber("from", 2);
            if (isInfo)
            {
                // The real info answer carries a second, different id; clients must keep using _id.
                // CA5351: MD5 only derives a stable look-alike id here; nothing depends on it being secure.
#pragma warning disable CA5351
                w.WriteString("video_id", Convert.ToHexStringLower(MD5.HashData(Encoding.ASCII.GetBytes(job.Id))));
#pragma warning restore CA5351
            }

            w.WriteNumber("video_lock_duration", 0.8m);
            w.WriteNumber("deduction_lock_duration", 10);
            w.WriteString("external_video", string.Empty);
            w.WriteString("talking_photo", job.TalkingPhotoUrl);
            w.WriteString("video", status == 3 ? videoUrl : string.Empty);
            w.WriteNumber("__v", 0);
            w.WriteNumber("video_status", status);
            if (job.Prompt is not null)
            {
                w.WriteString("prompt", job.Prompt);
            }

            if (job.Resolution is not null)
            {
                w.WriteString("resolution", job.Resolution);
            }

            if (status == 4)
            {
                w.WriteNumber("error_code", 1015);
                w.WriteString("error_reason", job.FailReason ?? "face not detected in talking photo");
            }
        });

        public static ApiAnswer Credit(decimal credit) => Envelope(1000, "OK", w => w.WriteNumber("credit", credit));

        public static string MessageFor(int code) => code switch
        {
            1000 => "OK",
            1003 => "Parameter error or Parameter can not be empty",
            1005 => "Frequent operation, please try again later",
            1008 => "The content you get does not exist",
            1015 => "Create video error, please try again later",
            1101 => "Invalid authorization or The request token has expired",
            1102 => "Authorization cannot be empty",
            1104 => "insufficient credit",
            _ => "error",
        };

        private static ApiAnswer Build(int code, Action<Utf8JsonWriter> write)
        {
            var buffer = new ArrayBufferWriter<byte>(512);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writer.WriteStartObject();
                write(writer);
                writer.WriteEndObject();
            }

            return new ApiAnswer(code, buffer.WrittenSpan.ToArray());
        }
    }
}
