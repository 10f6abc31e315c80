using System;
using System.Net;
using System.Net.Http;
using System.Text;
using Akool.Client;

namespace Akool.Tests.Client
{
    /// <summary>The client under test over a <see cref="ScriptedHandler"/>, and the answers those scripts are made of.</summary>
    internal static class ScriptedClient
    {
        /// <summary>An API-key client whose retries are quick (1 ms growing to 50 ms) so retry tests stay fast.</summary>
        public static AkoolClient For(ScriptedHandler handler, int retries = 3) =>
            new AkoolClient(new AkoolClientOptions
            {
                BaseUri = new Uri("https://api.example.com"),
                Retry = new RetryPolicy(retries, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(50)),
            }, new ApiKeyAuthenticator(new Secret("key-0123456789abcdef")), handler);

        /// <summary>A JSON answer.</summary>
        public static HttpResponseMessage Json(string body, HttpStatusCode status = HttpStatusCode.OK) =>
            new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    }
}
