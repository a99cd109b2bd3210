using System.Diagnostics;
using OrleansReco.Ann;

namespace OrleansReco.LoadTests.Ann;

/// <summary>Outcome of the generated large build.</summary>
public sealed record ScaleResult(
    int Count, int Dimensions, int Threads, double BuildSeconds, double PeakWorkingSetMegabytes, double ManagedHeapMegabytes,
    double GraphBytesPerVector, int Queries, IReadOnlyList<AnnRow> Rows);

/// <summary>
/// Builds a seeded clustered N × d index in chunks (so only one chunk of raw input exists besides the index), then checks
/// recall@k of a few generated queries against an exact answer streamed over the same chunks regenerated.
/// </summary>
public static class ScaleBuild
{
    private const int ChunkRows = 50_000;
    private const int QueryCount = 200;
    private const ulong QueryBlock = 1_000_003;

    public static ScaleResult Run(AnnSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var n = settings.Scale;
        var d = settings.ScaleDimensions;
        var generator = new ClusteredVectors(d, clusters: 100, spread: 0.35f, seed: settings.Seed);
        var options = new HnswOptions { M = settings.M, EfConstruction = settings.EfConstruction, Seed = settings.Seed, InitialCapacity = n };
        output.WriteLine($"scale build: {n:N0} × {d} clustered unit vectors, M={settings.M}, efConstruction={settings.EfConstruction}, {settings.Threads} threads");
        using var index = new HnswIndex(d, options);
        var chunk = new float[ChunkRows * d];
        var ids = new int[ChunkRows];
        var progress = new ProgressPrinter(output, "scale build", n);
        var clock = Stopwatch.StartNew();
        for (var start = 0; start < n; start += ChunkRows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var chunkRows = Math.Min(ChunkRows, n - start);
            generator.FillBlock(chunk.AsSpan(0, chunkRows * d), (ulong)(start / ChunkRows));
            for (var i = 0; i < chunkRows; i++)
            {
                ids[i] = start + i;
            }

            progress.Offset = start;
            index.AddRange(ids.AsMemory(0, chunkRows), chunk.AsMemory(0, chunkRows * d), settings.Threads, progress);
        }

        var buildSeconds = clock.Elapsed.TotalSeconds;
        var managed = GC.GetTotalMemory(forceFullCollection: false) / (double)(1 << 20);
        using var process = Process.GetCurrentProcess();
        var peak = process.PeakWorkingSet64 / (double)(1 << 20);
        output.WriteLine($"  built in {buildSeconds:F1} s; peak working set {peak:N0} MB, managed heap {managed:N0} MB, graph {index.GraphBytesPerVector:F1} bytes/vector");

        output.WriteLine($"  exact top-{settings.K} of {QueryCount} generated queries (streamed over the regenerated chunks)...");
        var queries = generator.Generate(QueryCount, QueryBlock);
        var truth = StreamedTruth(generator, n, queries, settings.K, chunk);
        AnnMeasurements.WarmUp(index, queries, QueryCount, settings.K, settings.EfValues);
        var rows = new List<AnnRow>();
        output.WriteLine($"{"ef",5} {"recall@" + settings.K,10} {"qps",10} {"p50 µs",8} {"p99 µs",8}");
        foreach (var ef in settings.EfValues)
        {
            var row = AnnMeasurements.Measure(index, queries, QueryCount, settings.K, ef, settings.Repeats, truth, settings.K);
            rows.Add(row);
            output.WriteLine($"{row.Ef,5} {row.Recall,10:F4} {row.Qps,10:F0} {row.P50Microseconds,8:F1} {row.P99Microseconds,8:F1}");
        }

        process.Refresh();
        peak = process.PeakWorkingSet64 / (double)(1 << 20);
        output.WriteLine($"  peak working set over the whole run {peak:N0} MB");
        return new ScaleResult(n, d, settings.Threads, buildSeconds, peak, managed, index.GraphBytesPerVector, QueryCount, rows);
    }

    private static int[] StreamedTruth(ClusteredVectors generator, int n, float[] queries, int k, float[] chunk)
    {
        var d = generator.Dimensions;
        var queryCount = queries.Length / d;
        var best = new List<ScoredItem>[queryCount];
        for (var q = 0; q < queryCount; q++)
        {
            best[q] = [];
        }

        var buffer = new ScoredItem[k];
        for (var start = 0; start < n; start += ChunkRows)
        {
            var rows = Math.Min(ChunkRows, n - start);
            generator.FillBlock(chunk.AsSpan(0, rows * d), (ulong)(start / ChunkRows));
            var block = new ExactIndex(d, rows);
            for (var i = 0; i < rows; i++)
            {
                block.Add(start + i, chunk.AsSpan(i * d, d));
            }

            for (var q = 0; q < queryCount; q++)
            {
                var found = block.Search(queries.AsSpan(q * d, d), buffer);
                best[q].AddRange(buffer.AsSpan(0, found));
                best[q].Sort((a, b) => b.Score.CompareTo(a.Score));
                best[q].RemoveRange(Math.Min(k, best[q].Count), Math.Max(0, best[q].Count - k));
            }
        }

        var truth = new int[queryCount * k];
        for (var q = 0; q < queryCount; q++)
        {
            for (var i = 0; i < k; i++)
            {
                truth[(q * k) + i] = best[q][i].Id;
            }
        }

        return truth;
    }
}
