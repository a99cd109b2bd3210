using OrleansReco.LoadTests;
using OrleansReco.LoadTests.Commands;

// Add a command: write Commands/XCommand.cs implementing ICommand and list it here.
ICommand[] commands =
[
    new AnnCommand(),
    new IngestCommand(),
];

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await CommandDispatcher.RunAsync(commands, args, Console.Out, Console.Error, cancellation.Token);
