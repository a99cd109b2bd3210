using System.Diagnostics;

namespace OrleansReco.LoadTests.Harness;

/// <summary>
/// Closed loop, for maximum throughput: <c>concurrency</c> workers each issue the next operation as soon as their previous
/// one finished, until the duration or the operation count is reached. Latency is from call to completion (a closed loop
/// has no schedule to be late against; use the open loop for latency under a given load).
/// </summary>
public static class ClosedLoopRunner
{
    /// <summary>
    /// Runs until <paramref name="duration"/> elapsed or <paramref name="maxOperations"/> were issued (0 = no limit).
    /// <paramref name="issue"/> gets the worker index; each worker calls it sequentially.
    /// </summary>
    public static async Task<RunOutcome> RunAsync(
        int concurrency, TimeSpan duration, long maxOperations, Func<int, ValueTask> issue, RunMonitor monitor, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(concurrency);
        var start = Stopwatch.GetTimestamp();
        var deadline = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        using var stopSampling = new CancellationTokenSource();
        var sampler = monitor.SampleAsync(start, stopSampling.Token);
        long issued = 0;
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var worker = w;
            workers[w] = Task.Run(async () =>
            {
                while (!cancellationToken.IsCancellationRequested && Stopwatch.GetTimestamp() < deadline
                    && (maxOperations <= 0 || Interlocked.Increment(ref issued) <= maxOperations))
                {
                    if (maxOperations <= 0)
                    {
                        Interlocked.Increment(ref issued);
                    }

                    var sent = Stopwatch.GetTimestamp();
                    try
                    {
                        await issue(worker);
                        monitor.Succeeded(sent, sent);
                    }
                    catch (Exception ex)
                    {
                        monitor.Failed(ex);
                    }
                }
            }, cancellationToken);
        }

        await Task.WhenAll(workers);
        var seconds = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        await stopSampling.CancelAsync();
        await sampler;
        monitor.CloseInterval(final: true);
        return RunOutcome.From(monitor, seconds, Math.Min(Interlocked.Read(ref issued), maxOperations > 0 ? maxOperations : long.MaxValue));
    }
}
