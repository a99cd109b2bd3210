using OrleansReco.LoadTests.Commands;

namespace OrleansReco.LoadTests;

/// <summary>Picks the command named by the first argument and runs it with the rest; prints help and usage errors.</summary>
public static class CommandDispatcher
{
    /// <summary>Exit code for a bad command line.</summary>
    public const int UsageError = 2;

    /// <summary>Dispatches <paramref name="args"/> to one of <paramref name="commands"/>.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<ICommand> commands, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintCommands(commands, output);
            return args.Length == 0 ? UsageError : 0;
        }

        var command = commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.OrdinalIgnoreCase));
        if (command is null)
        {
            error.WriteLine($"error: unknown command '{args[0]}'.");
            PrintCommands(commands, error);
            return UsageError;
        }

        CommandArguments arguments;
        try
        {
            arguments = CommandArguments.Parse(args.AsSpan(1));
        }
        catch (CommandLineException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return UsageError;
        }

        if (arguments.Has("help") || arguments.Has("h"))
        {
            output.WriteLine($"usage: OrleansReco.LoadTests {command.Name} [options]\n{command.Summary}\n\n{command.Usage}");
            return 0;
        }

        try
        {
            return await command.RunAsync(arguments, output, cancellationToken);
        }
        catch (CommandLineException ex)
        {
            error.WriteLine($"error: {ex.Message}\nrun '{command.Name} --help' for the options.");
            return UsageError;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("cancelled.");
            return 130;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
        {
            error.WriteLine($"error: {ex.Message}");
            return 1;
        }
    }

    private static void PrintCommands(IReadOnlyList<ICommand> commands, TextWriter writer)
    {
        writer.WriteLine("usage: OrleansReco.LoadTests <command> [options]   (<command> --help for its options)\ncommands:");
        foreach (var command in commands)
        {
            writer.WriteLine($"  {command.Name,-12} {command.Summary}");
        }
    }
}
