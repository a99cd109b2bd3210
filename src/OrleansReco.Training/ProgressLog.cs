using System.Diagnostics;

namespace OrleansReco.Training;

/// <summary>Progress lines for long work (per model, per epoch), prefixed with the elapsed time; silent when null.</summary>
public sealed class ProgressLog(TextWriter? writer)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>A log that writes nothing.</summary>
    public static ProgressLog Silent { get; } = new(null);

    /// <summary>Writes one progress line.</summary>
    public void Info(string message)
    {
        if (writer is null)
        {
            return;
        }

        lock (writer)
        {
            writer.WriteLine($"[{_clock.Elapsed.TotalSeconds,7:F1}s] {message}");
            writer.Flush();
        }
    }
}
