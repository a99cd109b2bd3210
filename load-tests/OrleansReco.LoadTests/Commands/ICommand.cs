namespace OrleansReco.LoadTests.Commands;

/// <summary>One sub-command of the harness: <c>OrleansReco.LoadTests &lt;name&gt; [--option value ...]</c>.</summary>
public interface ICommand
{
    /// <summary>The word that selects the command on the command line.</summary>
    string Name { get; }

    /// <summary>One line for the command list.</summary>
    string Summary { get; }

    /// <summary>Options, one per line, printed by <c>&lt;name&gt; --help</c>.</summary>
    string Usage { get; }

    /// <summary>
    /// Runs the command; returns the process exit code (0 success, 1 failure, 2 usage error). Read every option first and
    /// call <see cref="CommandArguments.ThrowIfUnused"/> before long work, so a mistyped option fails at once.
    /// </summary>
    Task<int> RunAsync(CommandArguments arguments, TextWriter output, CancellationToken cancellationToken);
}
