using System.Diagnostics;
using OrleansReco.Ann;

namespace OrleansReco.LoadTests.Ann;

/// <summary>One efSearch row of the table.</summary>
public sealed record AnnRow(int Ef, double Recall, double Qps, double P50Microseconds, double P99Microseconds);

/// <summary>Build timing and the per-ef recall / single-thread throughput measurement.</summary>
public static class AnnMeasurements
{
    /// <summary>Builds an index over rows 0..n−1 of <paramref name="vectors"/> (ids = row numbers) on <paramref name="threads"/> threads.</summary>
    public static (HnswIndex Index, double Seconds) Build(float[] vectors, int n, int dimensions, HnswOptions options, int threads, TextWriter output)
    {
        var index = new HnswIndex(dimensions, options with { InitialCapacity = n });
        var ids = Enumerable.Range(0, n).ToArray();
        var progress = new ProgressPrinter(output, $"build {threads}t", n);
        var clock = Stopwatch.StartNew();
        index.AddRange(ids, vectors.AsMemory(0, n * dimensions), threads, progress);
        return (index, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// One query at a time on this thread: a warm-up pass, then <paramref name="repeats"/> timed passes over all queries;
    /// q/s and latency percentiles of the fastest pass, recall@k against <paramref name="truth"/> (row-major, <paramref name="truthWidth"/> per query).
    /// </summary>
    public static AnnRow Measure(IVectorIndex index, float[] queries, int queryCount, int k, int ef, int repeats, int[] truth, int truthWidth)
    {
        var d = index.Dimensions;
        var found = new int[queryCount * k];
        var latencies = new long[queryCount];
        var best = new long[queryCount];
        var buffer = new ScoredItem[k];
        var bestSeconds = double.MaxValue;
        for (var pass = -1; pass < repeats; pass++)
        {
            var start = Stopwatch.GetTimestamp();
            for (var q = 0; q < queryCount; q++)
            {
                var before = Stopwatch.GetTimestamp();
                var n = index.Search(queries.AsSpan(q * d, d), buffer, ef);
                latencies[q] = Stopwatch.GetTimestamp() - before;
                for (var i = 0; i < k; i++)
                {
                    found[(q * k) + i] = i < n ? buffer[i].Id : -1;
                }
            }

            var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            if (pass >= 0 && seconds < bestSeconds)
            {
                bestSeconds = seconds;
                latencies.CopyTo(best, 0);
            }
        }

        Array.Sort(best);
        double Micros(long ticks) => ticks * 1e6 / Stopwatch.Frequency;
        return new AnnRow(ef, Recall(found, truth, truthWidth, queryCount, k), queryCount / bestSeconds,
            Micros(best[queryCount / 2]), Micros(best[Math.Min(queryCount - 1, (int)(queryCount * 0.99))]));
    }

    /// <summary>Runs searches at every ef for about a second so the JIT has tiered up the search path before anything is timed.</summary>
    public static void WarmUp(IVectorIndex index, float[] queries, int queryCount, int k, int[] efValues)
    {
        var d = index.Dimensions;
        var buffer = new ScoredItem[k];
        var clock = Stopwatch.StartNew();
        for (var i = 0; clock.Elapsed.TotalSeconds < 1; i++)
        {
            index.Search(queries.AsSpan(i % queryCount * d, d), buffer, efValues[i % efValues.Length]);
        }
    }

    /// <summary>Exact top-<paramref name="k"/> ids of every query (row-major), the ground truth after vectors changed.</summary>
    public static int[] ExactTruth(float[] vectors, int n, int dimensions, float[] queries, int queryCount, int k)
    {
        var exact = new ExactIndex(dimensions, n);
        for (var i = 0; i < n; i++)
        {
            exact.Add(i, vectors.AsSpan(i * dimensions, dimensions));
        }

        var truth = new int[queryCount * k];
        var buffer = new ScoredItem[k];
        for (var q = 0; q < queryCount; q++)
        {
            exact.Search(queries.AsSpan(q * dimensions, dimensions), buffer);
            for (var i = 0; i < k; i++)
            {
                truth[(q * k) + i] = buffer[i].Id;
            }
        }

        return truth;
    }

    /// <summary>Mean over queries of |found ∩ truth[..k]| / k.</summary>
    public static double Recall(int[] found, int[] truth, int truthWidth, int queryCount, int k)
    {
        long hits = 0;
        for (var q = 0; q < queryCount; q++)
        {
            var expected = truth.AsSpan(q * truthWidth, k);
            foreach (var id in found.AsSpan(q * k, k))
            {
                if (id >= 0 && expected.Contains(id))
                {
                    hits++;
                }
            }
        }

        return (double)hits / ((long)queryCount * k);
    }
}
