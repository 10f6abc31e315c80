using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Threading;

namespace Akool.Emulator
{
    /// <summary>The bearer tokens <c>getToken</c> minted, with their age, and the "expire everything so far" mark.</summary>
    internal sealed class TokenStore
    {
        private readonly ConcurrentDictionary<string, Minted> _tokens = new ConcurrentDictionary<string, Minted>(StringComparer.Ordinal);
        private readonly EmulatorClock _clock;
        private long _sequence;
        private long _expiredThrough;

        public TokenStore(EmulatorClock clock) => _clock = clock;

        public string Mint()
        {
            // Shaped like Akool's (a JWT): three base64url parts. Only this store gives it meaning.
            string token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9." + Base64Url(RandomNumberGenerator.GetBytes(24)) + "." + Base64Url(RandomNumberGenerator.GetBytes(32));
            _tokens[token] = new Minted(_clock.Now, Interlocked.Increment(ref _sequence));
            return token;
        }

        public bool IsValid(string token, TimeSpan? lifetime)
        {
            if (!_tokens.TryGetValue(token, out Minted minted))
            {
                return false;
            }

            if (minted.Sequence <= Interlocked.Read(ref _expiredThrough))
            {
                return false;
            }

            return !lifetime.HasValue || _clock.Now - minted.At <= lifetime.Value;
        }

        /// <summary>Every token minted so far is now expired; tokens minted later are fine.</summary>
        public void ExpireAll() => Interlocked.Exchange(ref _expiredThrough, Interlocked.Read(ref _sequence));

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        private readonly record struct Minted(DateTimeOffset At, long Sequence);
    }
}
