using System;
using System.Threading;
using System.Threading.Tasks;
using Akool.Emulator;

// The command line: parse, start, print how to connect, run until Ctrl+C. The emulator itself is AkoolEmulator.
EmulatorCommandLine command;
try
{
    command = EmulatorCommandLine.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine("Try --help.");
    return 2;
}

if (command.ShowHelp)
{
    Console.WriteLine(EmulatorCommandLine.Help);
    return 0;
}

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

await using AkoolEmulator emulator = await AkoolEmulator.StartAsync(command.Options, command.Url);
Console.WriteLine(command.Banner(emulator));
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
    // Ctrl+C: stop cleanly.
}

return 0;
