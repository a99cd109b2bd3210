namespace OrleansReco.Training.Commands;

/// <summary>One CLI command.</summary>
public interface ICommand
{
    /// <summary>The word that selects the command.</summary>
    string Name { get; }

    /// <summary>One-line description.</summary>
    string Summary { get; }

    /// <summary>Options, one per line, for help.</summary>
    string Usage { get; }

    /// <summary>Runs the command; returns the process exit code.</summary>
    Task<int> RunAsync(CommandLine args, TextWriter output, TextWriter log, CancellationToken cancellationToken);
}
