using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace Akool.Bench
{
    /// <summary>The command line of the benchmark.</summary>
    internal sealed class BenchOptions
    {
        public const string Usage =
            "dotnet run -c Release --project bench/Akool.Bench -- [options]\n" +
            "  --quick                  small N and sizes, for a smoke run (numbers are not comparable to the targets)\n" +
            "  --only a,b,d,e,f,g       run only these measurements (default: a, b, d, e, f; g, the scale run, only on request)\n" +
            "  --latency-ms <ms>        per-request API latency of the emulator for (a) and (b) (default 50)\n" +
            "  --processing-seconds <s> how long each video processes (default 5)\n" +
            "  --queue-seconds <s>      how long each video queues before processing (default 0)\n" +
            "  --poll-interval <s>      the explicit Wait-AkoolVideo -PollInterval measured besides the default (default 1)\n" +
            "  --rows <n,n>             row counts for (a) (default 100,500)\n" +
            "  --sequential-rows <n>    rows the sequential way of (b) really runs before extrapolating to 100 (default 5)\n" +
            "  --large-mib <n>          video size for (d) in MiB (default 1024)\n" +
            "  --single-samples <n>     interleaved samples per single-call cmdlet for (f) (default 31)\n" +
            "  --scale-rows <n>         rows for (g), run only with --only g (default 100000)\n" +
            "  --scale-processing <s>   processing time per video for (g) (default 10)\n" +
            "  --scale-rate <n>         Wait-AkoolVideo -MaximumRequestRate for (g) (default 250, the module's)\n" +
            "  --out <file.md>          also write the results as markdown to this file\n";

        public bool Quick { get; private set; }

        public HashSet<char> Only { get; private set; } = new HashSet<char>("abdef");

        public double LatencyMs { get; private set; } = 50;

        public double ProcessingSeconds { get; private set; } = 5;

        public double QueueSeconds { get; private set; }

        public double PollInterval { get; private set; } = 1;

        public int[] Rows { get; private set; } = { 100, 500 };

        /// <summary>The N at which (b)'s speed-up is stated.</summary>
        public int SpeedUpRows { get; private set; } = 100;

        public int SequentialRows { get; private set; } = 5;

        public long LargeBytes { get; private set; } = 1024L * 1024 * 1024;

        public int LargeRepeats { get; private set; } = 5;

        public int ImportRuns { get; private set; } = 9;

        public int ColdImportRuns { get; private set; } = 5;

        public int SingleCallSamples { get; private set; } = 31;

        public int ScaleRows { get; private set; } = 100_000;

        public double ScaleProcessingSeconds { get; private set; } = 10;

        public double ScaleRate { get; private set; } = 250;

        public string? Out { get; private set; }

        /// <summary>Set when this process is only a child that times one Import-Module (for the cold-process figure of (e)).</summary>
        public string? ProbeImportManifest { get; private set; }

        public TimeSpan Latency => TimeSpan.FromMilliseconds(LatencyMs);

        public TimeSpan Processing => TimeSpan.FromSeconds(ProcessingSeconds);

        public TimeSpan Queue => TimeSpan.FromSeconds(QueueSeconds);

        public static BenchOptions Parse(string[] args)
        {
            var options = new BenchOptions();
            bool rowsGiven = false, largeGiven = false, sequentialGiven = false;
            for (int i = 0; i < args.Length; i++)
            {
                string arg = args[i];
                string Value()
                {
                    if (i + 1 >= args.Length) throw new ArgumentException(arg + " needs a value.");
                    return args[++i];
                }

                switch (arg)
                {
                    case "--quick":
                        options.Quick = true;
                        break;
                    case "--only":
                        options.Only = new HashSet<char>(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                            .Select(s => s.Length == 1 && "abdefg".Contains(s[0], StringComparison.Ordinal) ? s[0] : throw new ArgumentException("--only takes the letters a, b, d, e, f and g, e.g. --only a,d")));
                        break;
                    case "--latency-ms":
                        options.LatencyMs = NonNegative(arg, Value());
                        break;
                    case "--processing-seconds":
                        options.ProcessingSeconds = NonNegative(arg, Value());
                        break;
                    case "--queue-seconds":
                        options.QueueSeconds = NonNegative(arg, Value());
                        break;
                    case "--poll-interval":
                        options.PollInterval = NonNegative(arg, Value());
                        break;
                    case "--rows":
                        options.Rows = Value().Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => (int)NonNegative(arg, s)).Where(n => n > 0).ToArray();
                        rowsGiven = true;
                        break;
                    case "--sequential-rows":
                        options.SequentialRows = Math.Max(1, (int)NonNegative(arg, Value()));
                        sequentialGiven = true;
                        break;
                    case "--large-mib":
                        options.LargeBytes = (long)(NonNegative(arg, Value()) * 1024 * 1024);
                        largeGiven = true;
                        break;
                    case "--single-samples":
                        options.SingleCallSamples = Math.Max(1, (int)NonNegative(arg, Value()));
                        break;
                    case "--scale-rows":
                        options.ScaleRows = Math.Max(1, (int)NonNegative(arg, Value()));
                        break;
                    case "--scale-processing":
                        options.ScaleProcessingSeconds = NonNegative(arg, Value());
                        break;
                    case "--scale-rate":
                        options.ScaleRate = NonNegative(arg, Value());
                        break;
                    case "--out":
                        options.Out = Value();
                        break;
                    case "--probe-import":
                        options.ProbeImportManifest = Value();
                        break;
                    case "-h":
                    case "--help":
                        throw new ArgumentException(string.Empty);
                    default:
                        throw new ArgumentException("Unknown option " + arg + ".");
                }
            }

            if (options.Quick)
            {
                if (!rowsGiven) options.Rows = new[] { 10, 40 };
                if (!sequentialGiven) options.SequentialRows = 2;
                if (!largeGiven) options.LargeBytes = 64L * 1024 * 1024;
                options.LargeRepeats = 1;
                options.ImportRuns = 3;
                options.ColdImportRuns = 2;
            }

            options.SpeedUpRows = options.Rows.Contains(100) ? 100 : options.Rows.Min();
            return options;
        }

        private static double NonNegative(string name, string text)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0 || double.IsNaN(value))
            {
                throw new ArgumentException(name + " takes a non-negative number, not '" + text + "'.");
            }

            return value;
        }
    }
}
