using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Akool.Emulator;

// The command line: parse, start, print how to connect, run until Ctrl+C. The emulator itself is AkoolEmulator.
// A mistake on the command line (or an address it cannot listen on) is one line on stderr and exit code 2, never a
// stack trace: users start this by hand with their own values.
EmulatorCommandLine command;
try
{
    command = EmulatorCommandLine.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message + " Try --help.");
    return 2;
}

if (command.ShowHelp)
{
    Console.WriteLine(EmulatorCommandLine.Help);
    return 0;
}

// Not disposed: ProcessExit may still cancel it while the process ends, after Main has returned.
var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

AkoolEmulator emulator;
try
{
    emulator = await AkoolEmulator.StartAsync(command.Options, command.Url);
}
catch (Exception e) when (e is IOException || e is InvalidOperationException || e is ArgumentException || e is FormatException || e is UnauthorizedAccessException)
{
    Console.Error.WriteLine(EmulatorCommandLine.DescribeStartFailure(command.Url, e));
    return 2;
}

await using (emulator)
{
    Console.WriteLine(command.Banner(emulator));
    try
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
    catch (OperationCanceledException)
    {
        // Ctrl+C: stop cleanly.
    }
}

return 0;
