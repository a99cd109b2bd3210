using System.Diagnostics;

namespace OrleansReco.LoadTests.Ann;

/// <summary>
/// Prints "label: 30% (30,000 / 100,000) 4.1 s" each time another tenth of <c>total</c> is done; thread-safe.
/// A reported value counts from <see cref="Offset"/> (set it per chunk when one job is fed in chunks).
/// </summary>
public sealed class ProgressPrinter(TextWriter output, string label, long total) : IProgress<int>
{
    private readonly Lock _lock = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _nextTenth = 1;

    /// <summary>Items done before the values now being reported.</summary>
    public long Offset { get; set; }

    /// <summary>Reports <paramref name="value"/> items done since <see cref="Offset"/>.</summary>
    public void Report(int value)
    {
        var done = Offset + value;
        lock (_lock)
        {
            if (done * 10 < _nextTenth * total)
            {
                return;
            }

            _nextTenth = (done * 10 / total) + 1;
            var seconds = _clock.Elapsed.TotalSeconds;
            output.WriteLine(
                $"  {label}: {100.0 * done / total,4:F0}% ({done:N0} / {total:N0})  {seconds,7:F1} s  {done / Math.Max(seconds, 1e-9),8:N0}/s  working set {Environment.WorkingSet >> 20:N0} MB");
        }
    }
}
