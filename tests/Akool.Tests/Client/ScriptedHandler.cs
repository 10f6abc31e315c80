using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Tests.Client
{
    /// <summary>An HttpMessageHandler that answers from a script, one function per request, and records what it was sent.</summary>
    internal sealed class ScriptedHandler : HttpMessageHandler
    {
        private readonly Queue<Func<HttpRequestMessage, HttpResponseMessage>> _answers;

        public ScriptedHandler(params Func<HttpRequestMessage, HttpResponseMessage>[] answers) => _answers = new Queue<Func<HttpRequestMessage, HttpResponseMessage>>(answers);

        public List<HttpRequestMessage> Requests { get; } = new List<HttpRequestMessage>();

        /// <summary>The bodies as sent (the client disposes its requests afterwards).</summary>
        public List<string?> Bodies { get; } = new List<string?>();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            Bodies.Add(request.Content == null ? null : await request.Content.ReadAsStringAsync(cancellationToken));
            if (_answers.Count == 0) throw new InvalidOperationException("No more scripted answers; request " + Requests.Count);
            return _answers.Dequeue()(request);
        }
    }
}
