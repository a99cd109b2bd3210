using System.Diagnostics;
using Spectre.Console;

namespace OrleansReco.LoadTests.Cli;

/// <summary>Receives progress of a long step: fraction done in [0, 1] and a status line.</summary>
public interface IProgressSink
{
    /// <summary>Reports progress.</summary>
    void Report(double fraction, string status);
}

/// <summary>
/// Runs a step with a Spectre.Console progress bar on an interactive terminal; when output is redirected (CI, a file,
/// tests) it prints a plain status line at most every <c>plainEverySeconds</c> instead.
/// </summary>
public sealed class ProgressDisplay(TextWriter output, bool interactive, double plainEverySeconds = 5)
{
    /// <summary>For the real console: interactive unless redirected, in CI, or Spectre sees no interactive terminal.</summary>
    public static ProgressDisplay ForConsole() => new(Console.Out,
        !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null && AnsiConsole.Profile.Capabilities.Interactive);

    /// <summary>Where results are printed.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>Runs <paramref name="step"/> under a progress display titled <paramref name="title"/>.</summary>
    public async Task<T> RunAsync<T>(string title, Func<IProgressSink, Task<T>> step)
    {
        if (!interactive)
        {
            Output.WriteLine($"{title} …");
            return await step(new PlainSink(Output, title, plainEverySeconds));
        }

        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1.0);
                var result = await step(new SpectreSink(task, title));
                task.Value = 1.0;
                return result;
            });
    }

    private sealed class PlainSink(TextWriter output, string title, double everySeconds) : IProgressSink
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private double _lastPrinted = double.NegativeInfinity;

        public void Report(double fraction, string status)
        {
            var now = _clock.Elapsed.TotalSeconds;
            if (now - _lastPrinted >= everySeconds)
            {
                _lastPrinted = now;
                output.WriteLine($"  {title}: {Math.Clamp(fraction, 0, 1):P0} {status}");
            }
        }
    }

    private sealed class SpectreSink(ProgressTask task, string title) : IProgressSink
    {
        public void Report(double fraction, string status)
        {
            task.Value = Math.Clamp(fraction, 0, 1);
            task.Description = Markup.Escape($"{title} {status}");
        }
    }
}
