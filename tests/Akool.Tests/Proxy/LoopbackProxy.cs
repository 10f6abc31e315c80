using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Akool.Tests.Proxy
{
    /// <summary>What the proxy was asked: the request line, the head as it arrived, and whether it carried the right credential.</summary>
    public sealed record ProxiedRequest(string Method, string Target, string Head, bool Authorized);

    /// <summary>How a broken proxy answers a request it has read.</summary>
    public enum ProxyFault
    {
        /// <summary>It works.</summary>
        None,
        /// <summary>It closes the connection.</summary>
        Close,
        /// <summary>It answers a status line that is not HTTP, carrying terminal escape sequences.</summary>
        Garbage,
        /// <summary>It never answers.</summary>
        Silent,
    }

    /// <summary>
    /// A small forward proxy on 127.0.0.1 (port 0), as corporate proxies behave: CONNECT tunnels for https and
    /// absolute-URI requests for http, optional Basic authentication (407 with Proxy-Authenticate), and a record of
    /// every request and of every byte the client sent it (tunnelled bytes included), for leak checks.
    /// </summary>
    public sealed class LoopbackProxy : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentQueue<ProxiedRequest> _requests = new ConcurrentQueue<ProxiedRequest>();
        private readonly MemoryStream _captured = new MemoryStream();
        private readonly object _gate = new object();
        private readonly List<Task> _connections = new List<Task>();
        private readonly string? _expectedAuthorization;
        private readonly Task _accepting;

        /// <summary>Starts a proxy; with <paramref name="user"/> and <paramref name="password"/> it demands Basic authentication.</summary>
        public LoopbackProxy(string? user = null, string? password = null)
        {
            if (user != null) _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            _accepting = AcceptAsync();
        }

        /// <summary>How the proxy answers; a working proxy unless set.</summary>
        public ProxyFault Fault { get; set; }

        /// <summary>The status line <see cref="ProxyFault.Garbage"/> answers: it clears the screen and sets the window title.</summary>
        public const string GarbageStatusLine = "\u001b[2J\u001b]0;owned\u0007NOT-HTTP garbage";

        public Uri Address => new Uri("http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port + "/");

        public IReadOnlyList<ProxiedRequest> Requests => _requests.ToArray();

        /// <summary>How many requests were answered 407.</summary>
        public int Challenges => _requests.Count(r => _expectedAuthorization != null && !r.Authorized);

        /// <summary>Every byte the clients sent, decoded one byte per character (so any ASCII secret would show).</summary>
        public string CapturedText
        {
            get
            {
                lock (_captured)
                {
                    return Encoding.Latin1.GetString(_captured.GetBuffer(), 0, (int)_captured.Length);
                }
            }
        }

        /// <summary>A loopback port where nothing listens (a proxy that refuses connections).</summary>
        public static Uri ClosedAddress()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return new Uri("http://127.0.0.1:" + port + "/");
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            Task[] running;
            lock (_gate)
            {
                running = _connections.ToArray();
            }
            try
            {
                await Task.WhenAll(running.Append(_accepting)).WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is ObjectDisposedException || ex is SocketException || ex is IOException || ex is TimeoutException)
            {
            }
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is OperationCanceledException || ex is ObjectDisposedException || ex is SocketException)
                {
                    return;
                }
                lock (_gate)
                {
                    _connections.RemoveAll(t => t.IsCompleted);
                    _connections.Add(Task.Run(() => ServeAsync(client)));
                }
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            {
                try
                {
                    NetworkStream stream = client.GetStream();
                    while (true)
                    {
                        string? head = await ReadHeadAsync(stream);
                        if (head == null) return;
                        string[] lines = head.Split("\r\n");
                        string[] requestLine = lines[0].Split(' ');
                        string method = requestLine[0];
                        string target = requestLine.Length > 1 ? requestLine[1] : string.Empty;
                        var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
                            .Select(l => (Name: l.Substring(0, l.IndexOf(':', StringComparison.Ordinal)).Trim(), Value: l.Substring(l.IndexOf(':', StringComparison.Ordinal) + 1).Trim()))
                            .ToList();
                        string? authorization = headers.FirstOrDefault(h => h.Name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)).Value;
                        bool authorized = _expectedAuthorization == null || authorization == _expectedAuthorization;
                        _requests.Enqueue(new ProxiedRequest(method, target, head, authorized));
                        byte[] body = await ReadBodyAsync(stream, headers);
                        if (Fault == ProxyFault.Close) return;
                        if (Fault == ProxyFault.Garbage)
                        {
                            await WriteAsync(stream, GarbageStatusLine + "\r\n\r\n");
                            return;
                        }
                        if (Fault == ProxyFault.Silent)
                        {
                            await Task.Delay(Timeout.Infinite, _stop.Token);
                        }

                        if (!authorized)
                        {
                            await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"akool-test\"\r\nContent-Length: 0\r\n\r\n");
                            continue;
                        }

                        if (method == "CONNECT")
                        {
                            await TunnelAsync(stream, target);
                            return;
                        }

                        await ForwardAsync(stream, method, new Uri(target), headers, body);
                        return;
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException || ex is UriFormatException)
                {
                    // The client or the server went away: what a proxy sees every day.
                }
            }
        }

        private async Task TunnelAsync(NetworkStream client, string authority)
        {
            int colon = authority.LastIndexOf(':');
            string host = authority.Substring(0, colon).Trim('[', ']');
            int port = int.Parse(authority.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture);
            using var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(host, port, _stop.Token);
            }
            catch (SocketException)
            {
                await WriteAsync(client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return;
            }
            await WriteAsync(client, "HTTP/1.1 200 Connection Established\r\n\r\n");
            NetworkStream server = upstream.GetStream();
            Task up = PumpAsync(client, server, capture: true);
            Task down = PumpAsync(server, client, capture: false);
            await Task.WhenAny(up, down);
        }

        private async Task ForwardAsync(NetworkStream client, string method, Uri target, List<(string Name, string Value)> headers, byte[] body)
        {
            using var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(target.Host, target.Port, _stop.Token);
            }
            catch (SocketException)
            {
                await WriteAsync(client, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return;
            }
            var head = new StringBuilder();
            head.Append(method).Append(' ').Append(target.PathAndQuery).Append(" HTTP/1.1\r\n");
            foreach ((string name, string value) in headers)
            {
                if (name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) continue;
                head.Append(name).Append(": ").Append(value).Append("\r\n");
            }
            // One request per connection keeps the proxy simple; the server then says Connection: close too.
            head.Append("Connection: close\r\n\r\n");
            NetworkStream server = upstream.GetStream();
            await WriteAsync(server, head.ToString());
            if (body.Length > 0) await server.WriteAsync(body, _stop.Token);
            await server.CopyToAsync(client, _stop.Token);
        }

        private async Task PumpAsync(Stream from, Stream to, bool capture)
        {
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    if (capture) Capture(buffer, read);
                    await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
            {
            }
        }

        private async Task<string?> ReadHeadAsync(NetworkStream stream)
        {
            var head = new List<byte>(512);
            var one = new byte[1];
            while (true)
            {
                int read = await stream.ReadAsync(one, _stop.Token);
                if (read == 0) return head.Count == 0 ? null : throw new IOException("the client closed mid-request");
                head.Add(one[0]);
                Capture(one, 1);
                int n = head.Count;
                if (n >= 4 && head[n - 4] == '\r' && head[n - 3] == '\n' && head[n - 2] == '\r' && head[n - 1] == '\n')
                {
                    return Encoding.Latin1.GetString(head.ToArray(), 0, n - 4);
                }
            }
        }

        private async Task<byte[]> ReadBodyAsync(NetworkStream stream, List<(string Name, string Value)> headers)
        {
            string? length = headers.FirstOrDefault(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value;
            if (length == null || !int.TryParse(length, out int count) || count == 0) return Array.Empty<byte>();
            var body = new byte[count];
            await stream.ReadExactlyAsync(body, _stop.Token);
            Capture(body, count);
            return body;
        }

        private void Capture(byte[] buffer, int count)
        {
            lock (_captured)
            {
                _captured.Write(buffer, 0, count);
            }
        }

        private Task WriteAsync(Stream stream, string text) => stream.WriteAsync(Encoding.ASCII.GetBytes(text), _stop.Token).AsTask();
    }
}
