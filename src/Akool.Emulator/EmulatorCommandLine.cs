using System;
using System.Globalization;
using System.Text;

namespace Akool.Emulator
{
    /// <summary>The emulator's command line: <c>dotnet run --project src/Akool.Emulator -- [options]</c>.</summary>
    public sealed class EmulatorCommandLine
    {
        /// <summary>The <c>--help</c> text.</summary>
        public const string Help =
@"Akool API emulator: a local stand-in for https://openapi.akool.com (talking photo, text to speech, tokens, credit, videos, webhooks).

Usage: dotnet run --project src/Akool.Emulator -- [options]

  --urls <url>                 Where to listen (default http://127.0.0.1:5080; port 0 picks a free port).
  --api-key <key>              The x-api-key value to accept (default: the client secret, as on Akool).
  --client-id <id>             The client id for getToken and webhooks (default emulator-client).
  --client-secret <secret>     The client secret (default emulator-secret-0123456789abcdef). Any length works for
                               keys and tokens; webhooks need 16, 24 or 32 bytes (it is their AES key).
  --queue-seconds <s>          Time in status 1, queueing (default 0.5).
  --processing-seconds <s>     Time in status 2, processing, after the queue (default 2).
  --credit <n>                 Starting credit (default 100000).
  --credit-per-video <n>       Credit each create costs (default 10).
  --video-size <bytes>         Size of each served MP4, padded with a 'free' box (default 0: the small clip).
  --speech-character-limit <n> Most characters one text-to-speech request may carry (default 5000).
  --credit-per-thousand-characters <n>
                               Credit 1,000 characters of speech cost (default 5).
  --seed <n>                   Seed for the fault dice.
  --latency-ms <ms>            Delay added to every API answer (default 0).
  --fault <name>=<rate>        Inject a fault on every endpoint with probability <rate> (0..1); repeatable.
                               Names: spike, 503, 429, 1005, drop, cut, html, missingcode, huge.
  --quiet                      Do not print one line per request.
  --help                       Show this text.

Photo URLs containing 'akool-fail' make the job fail (status 4); 'akool-expired' make its video URL answer 404.
A text to speak containing 'akool-fail' makes the speech fail (status 4).

For tests and benchmarks: GET /_emulator/stats answers what the emulator saw so far as JSON (jobs made, first and
last create time, status requests and the most in any one second, downloads, the emulator's own working set).";

        private EmulatorCommandLine(EmulatorOptions options, string url, bool showHelp)
        {
            Options = options;
            Url = url;
            ShowHelp = showHelp;
        }

        /// <summary>The options the arguments describe.</summary>
        public EmulatorOptions Options { get; }

        /// <summary>The address to listen on.</summary>
        public string Url { get; }

        /// <summary>True when <c>--help</c> (or <c>-h</c>, <c>-?</c>) was given.</summary>
        public bool ShowHelp { get; }

        /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> on a mistake.</summary>
        /// <param name="args">The command-line arguments.</param>
        /// <returns>The parsed command line.</returns>
        public static EmulatorCommandLine Parse(string[] args)
        {
            var options = new EmulatorOptions { RequestLog = Console.Out };
            string url = "http://127.0.0.1:5080";
            for (int i = 0; i < args.Length; i++)
            {
                string name = args[i];
                string value = string.Empty;
                int equals = name.IndexOf('=', StringComparison.Ordinal);
                if (name.StartsWith("--", StringComparison.Ordinal) && equals > 0 && !name.StartsWith("--fault", StringComparison.Ordinal))
                {
                    value = name.Substring(equals + 1);
                    name = name.Substring(0, equals);
                }
                else if (NeedsValue(name))
                {
                    if (i + 1 >= args.Length)
                    {
                        throw new ArgumentException("The option " + name + " needs a value.");
                    }

                    value = args[++i];
                }

                switch (name.ToLowerInvariant())
                {
                    case "--help":
                    case "-h":
                    case "-?":
                    case "/?":
                        return new EmulatorCommandLine(options, url, showHelp: true);
                    case "--urls": url = ListenUrl(value); break;
                    case "--api-key": options.ApiKey = value; break;
                    case "--client-id": options.ClientId = value; break;
                    case "--client-secret": options.ClientSecret = value; break;
                    case "--queue-seconds": options.QueueTime = TimeSpan.FromSeconds(Number(name, value)); break;
                    case "--processing-seconds": options.ProcessingTime = TimeSpan.FromSeconds(Number(name, value)); break;
                    case "--credit": options.InitialCredit = (decimal)Number(name, value); break;
                    case "--credit-per-video": options.CreditPerVideo = (decimal)Number(name, value); break;
                    case "--video-size": options.VideoSize = (long)Number(name, value); break;
                    case "--speech-character-limit": options.SpeechCharacterLimit = (int)Number(name, value); break;
                    case "--credit-per-thousand-characters": options.CreditPerThousandCharacters = (decimal)Number(name, value); break;
                    case "--seed": options.Seed = (int)Number(name, value); break;
                    case "--latency-ms": options.Faults.Latency = TimeSpan.FromMilliseconds(Number(name, value)); break;
                    case "--fault": SetFault(options.Faults, value); break;
                    case "--quiet": options.RequestLog = null; break;
                    default: throw new ArgumentException("Unknown option '" + args[i] + "'" + (name.StartsWith('-') ? "." : " (options start with --)."));
                }
            }

            return new EmulatorCommandLine(options, url, showHelp: false);
        }

        /// <summary>What to print once the emulator listens: its address, the credentials, and how to connect the module.</summary>
        /// <param name="emulator">The running emulator.</param>
        /// <returns>Several lines of text.</returns>
        public string Banner(AkoolEmulator emulator)
        {
            string baseUri = emulator.BaseUri.AbsoluteUri.TrimEnd('/');
            var text = new StringBuilder();
            text.AppendLine("Akool API emulator listening on " + baseUri);
            text.AppendLine("  client id:     " + emulator.Options.ClientId);
            text.AppendLine("  client secret: " + emulator.Options.ClientSecret);
            text.AppendLine("  api key:       " + emulator.Options.ApiKey);
            text.AppendLine("  credit:        " + emulator.Credit.ToString(CultureInfo.InvariantCulture));
            if (!emulator.Options.CanEncryptWebhooks)
            {
                text.AppendLine("  webhooks:      off (the client secret is " + Encoding.UTF8.GetByteCount(emulator.Options.ClientSecret).ToString(CultureInfo.InvariantCulture)
                    + " bytes; as the callbacks' AES key it must be 16, 24 or 32); creates with a webhookUrl answer 1003");
            }
            text.AppendLine("Connect the module with:");
            text.AppendLine("  Connect-Akool -BaseUri " + baseUri + " -ApiKey " + emulator.Options.ApiKey);
            text.Append("Press Ctrl+C to stop.");
            return text.ToString();
        }

        /// <summary>One line saying why the emulator could not start on <paramref name="url"/> (for example, the port is in use).</summary>
        /// <param name="url">The --urls value.</param>
        /// <param name="error">What Kestrel threw.</param>
        /// <returns>A single line, without a stack trace.</returns>
        public static string DescribeStartFailure(string url, Exception error)
        {
            ArgumentNullException.ThrowIfNull(error);
            for (Exception? e = error; e != null; e = e.InnerException)
            {
                if (e is System.Net.Sockets.SocketException socket && socket.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse)
                {
                    return "--urls " + url + ": the address is already in use (another emulator?); pick another port, or port 0 for a free one.";
                }

                if (e is System.Net.Sockets.SocketException denied && denied.SocketErrorCode == System.Net.Sockets.SocketError.AccessDenied)
                {
                    return "--urls " + url + ": not allowed to listen there (ports below 1024 need privileges); pick a port above 1024.";
                }
            }

            string message = error.Message.Replace(Environment.NewLine, " ", StringComparison.Ordinal).Replace('\n', ' ');
            return "--urls " + url + ": could not start there: " + message;
        }

        private static string ListenUrl(string value)
        {
            string first = value.Split(';')[0].Trim();
            if (!Uri.TryCreate(first, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException("The option --urls needs an http address such as http://127.0.0.1:5080, not '" + value + "'.");
            }

            return first;
        }

        private static bool NeedsValue(string name) => name.ToLowerInvariant() switch
        {
            "--urls" or "--api-key" or "--client-id" or "--client-secret" or "--queue-seconds" or "--processing-seconds"
                or "--credit" or "--credit-per-video" or "--video-size" or "--seed" or "--latency-ms" or "--fault"
                or "--speech-character-limit" or "--credit-per-thousand-characters" => true,
            _ => false,
        };

        private static double Number(string name, string value)
        {
            if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || number < 0)
            {
                throw new ArgumentException("The option " + name + " needs a non-negative number, not '" + value + "'.");
            }

            return number;
        }

        private static void SetFault(EmulatorFaults faults, string spec)
        {
            int equals = spec.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException("--fault needs <name>=<rate>, e.g. --fault 503=0.1.");
            }

            var rule = new FaultRule(Number("--fault", spec.Substring(equals + 1)));
            switch (spec.Substring(0, equals).ToLowerInvariant())
            {
                case "spike": faults.LatencySpike = rule; break;
                case "503": faults.Http503 = rule; break;
                case "429": faults.Http429 = rule; break;
                case "1005": faults.Code1005 = rule; break;
                case "drop": faults.DropConnection = rule; break;
                case "cut": faults.CutDownload = rule; break;
                case "html": faults.HtmlAnswer = rule; break;
                case "missingcode": faults.MissingCode = rule; break;
                case "huge": faults.HugeAnswer = rule; break;
                default: throw new ArgumentException("Unknown fault '" + spec + "'. Names: spike, 503, 429, 1005, drop, cut, html, missingcode, huge.");
            }
        }
    }
}
