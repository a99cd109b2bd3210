using OrleansReco.Training.Commands;
using OrleansReco.Training.Data;

namespace OrleansReco.Training;

/// <summary>The trainer/evaluator CLI: <c>OrleansReco.Training &lt;command&gt; [options]</c>.</summary>
public static class Program
{
    /// <summary>The commands, one file each under Commands/.</summary>
    public static IReadOnlyList<ICommand> Commands { get; } = [new EvaluateCommand(), new ExportCommand(), new TrainCommand()];

    /// <summary>Entry point; exit code 0 on success, 1 on a data or runtime error, 2 on wrong usage.</summary>
    public static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        return await RunAsync(args, Console.Out, Console.Error, cancellation.Token).ConfigureAwait(false);
    }

    /// <summary>Dispatches to the command named by the first argument.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            await output.WriteAsync(Help()).ConfigureAwait(false);
            return args.Length == 0 ? 2 : 0;
        }

        var command = Commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.OrdinalIgnoreCase));
        if (command is null)
        {
            await error.WriteLineAsync($"Unknown command '{args[0]}'.").ConfigureAwait(false);
            await error.WriteAsync(Help()).ConfigureAwait(false);
            return 2;
        }

        try
        {
            var options = CommandLine.Parse(args[1..], new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "quick", "quiet" });
            return await command.RunAsync(options, output, error, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"{command.Name}: {e.Message}{Environment.NewLine}Options:{Environment.NewLine}{command.Usage}").ConfigureAwait(false);
            return 2;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"{command.Name}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync($"{command.Name}: cancelled").ConfigureAwait(false);
            return 1;
        }
    }

    private static string Help()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine("Usage: OrleansReco.Training <command> [options]");
        foreach (var command in Commands)
        {
            text.AppendLine();
            text.AppendLine($"{command.Name}: {command.Summary}");
            text.AppendLine(command.Usage);
        }

        text.AppendLine();
        text.AppendLine("Data: " + MovieLensLoader.DownloadHint);
        return text.ToString();
    }
}
