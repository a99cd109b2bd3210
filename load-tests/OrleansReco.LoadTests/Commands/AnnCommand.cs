using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansReco.Ann;
using OrleansReco.LoadTests.Ann;

namespace OrleansReco.LoadTests.Commands;

/// <summary>
/// <c>ann</c>: the HNSW item index on the shared ANN files (base.fvecs, query.fvecs, gt.ivecs): build time on 1 and N
/// threads, recall@10 and single-thread q/s per efSearch, graph bytes per vector; optionally an in-place update check,
/// a side-by-side hnswlib run, or (<c>--scale</c>) a generated large build for time and peak memory.
/// </summary>
public static class AnnCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Runs the benchmark; returns the exit code.</summary>
    public static async Task<int> RunAsync(AnnSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var report = new JsonObject();
        if (settings.Scale > 0)
        {
            var scale = ScaleBuild.Run(settings, output, cancellationToken);
            report["scale"] = new JsonObject
            {
                ["n"] = scale.Count,
                ["dimensions"] = scale.Dimensions,
                ["threads"] = scale.Threads,
                ["build_seconds"] = scale.BuildSeconds,
                ["peak_working_set_mb"] = scale.PeakWorkingSetMegabytes,
                ["managed_heap_mb"] = scale.ManagedHeapMegabytes,
                ["graph_bytes_per_vector"] = scale.GraphBytesPerVector,
                ["queries"] = scale.Queries,
                ["rows"] = RowsJson(scale.Rows),
            };
        }
        else
        {
            await RunFilesAsync(settings, report, output, cancellationToken);
        }

        if (settings.JsonPath is not null)
        {
            await File.WriteAllTextAsync(settings.JsonPath, report.ToJsonString(JsonOptions), cancellationToken);
            output.WriteLine($"wrote {Path.GetFullPath(settings.JsonPath)}");
        }

        return 0;
    }

    private static async Task RunFilesAsync(AnnSettings settings, JsonObject report, TextWriter output, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.DataDirectory))
        {
            throw new DirectoryNotFoundException($"Data folder {Path.GetFullPath(settings.DataDirectory)} does not exist (pass --data).");
        }

        var (vectors, n, d) = VecsFile.ReadFloats(Path.Combine(settings.DataDirectory, "base.fvecs"));
        var (queries, queryCount, queryDimensions) = VecsFile.ReadFloats(Path.Combine(settings.DataDirectory, "query.fvecs"));
        var (truth, truthRows, truthWidth) = VecsFile.ReadInts(Path.Combine(settings.DataDirectory, "gt.ivecs"));
        if (queryDimensions != d || truthRows != queryCount || truthWidth < settings.K)
        {
            throw new InvalidDataException($"Inconsistent files: base d={d}, queries {queryCount}×{queryDimensions}, gt {truthRows}×{truthWidth} (need ≥ {settings.K} per query).");
        }

        output.WriteLine($"ann: base {n:N0} × {d}, queries {queryCount:N0}, gt top-{truthWidth}; M={settings.M}, efConstruction={settings.EfConstruction}; {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var (index, singleThreadSeconds, parallelSeconds) = BuildOrLoad(settings, vectors, n, d, output);
        using var disposeIndex = index;
        GC.Collect();
        AnnMeasurements.WarmUp(index, queries, queryCount, settings.K, settings.EfValues);
        var rows = new List<AnnRow>();
        output.WriteLine($"{"ef",5} {"recall@" + settings.K,10} {"qps",10} {"p50 µs",8} {"p99 µs",8}");
        foreach (var ef in settings.EfValues)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = AnnMeasurements.Measure(index, queries, queryCount, settings.K, ef, settings.Repeats, truth, truthWidth);
            rows.Add(row);
            output.WriteLine($"{row.Ef,5} {row.Recall,10:F4} {row.Qps,10:F0} {row.P50Microseconds,8:F1} {row.P99Microseconds,8:F1}");
        }

        var graphBytes = index.GraphBytesPerVector;
        using var process = Process.GetCurrentProcess();
        output.WriteLine($"graph bytes/vector (beyond the {d * sizeof(float)} bytes of floats): {graphBytes:F1}; max level {index.MaxLevel}; peak working set {process.PeakWorkingSet64 >> 20:N0} MB");
        report["rows"] = RowsJson(rows);
        report["build_seconds_1t"] = singleThreadSeconds;
        report["loaded_from"] = parallelSeconds is null ? settings.IndexPath : null;
        report[$"build_seconds_{settings.Threads}t"] = parallelSeconds;
        report["graph_bytes_per_vector"] = graphBytes;
        report["n"] = n;
        report["dimensions"] = d;
        report["m"] = settings.M;
        report["ef_construction"] = settings.EfConstruction;
        report["peak_working_set_mb"] = process.PeakWorkingSet64 >> 20;

        if (settings.UpdateFraction > 0)
        {
            var update = UpdateCheck.Run(index, vectors, n, queries, queryCount, truth, truthWidth, rows, settings, output);
            output.WriteLine($"{"ef",5} {"before",8} {"after",8} {"change",8} {"rebuilt",8} {"after vs rebuilt",16}");
            foreach (var row in update.Rows)
            {
                output.WriteLine($"{row.Ef,5} {row.RecallBefore,8:F4} {row.RecallAfter,8:F4} {row.RecallAfter - row.RecallBefore,8:+0.0000;-0.0000} " +
                    $"{row.RecallRebuilt,8:F4} {row.RecallAfter - row.RecallRebuilt,16:+0.0000;-0.0000}");
            }

            report["update"] = JsonSerializer.SerializeToNode(update, JsonOptions);
        }

        if (settings.CompareHnswlib)
        {
            index.Dispose();
            GC.Collect();
            await CompareAsync(settings, rows, report, output, cancellationToken);
        }
    }

    private static JsonArray RowsJson(IEnumerable<AnnRow> rows) => new(rows.Select(r => (JsonNode)new JsonObject
    {
        ["ef"] = r.Ef,
        ["recall@10"] = r.Recall,
        ["qps"] = r.Qps,
        ["p50_us"] = r.P50Microseconds,
        ["p99_us"] = r.P99Microseconds,
    }).ToArray());

    private static (HnswIndex Index, double? SingleThreadSeconds, double? ParallelSeconds) BuildOrLoad(
        AnnSettings settings, float[] vectors, int n, int d, TextWriter output)
    {
        if (settings.IndexPath is not null && File.Exists(settings.IndexPath))
        {
            var clock = Stopwatch.StartNew();
            var loaded = HnswIndex.Load(settings.IndexPath);
            output.WriteLine($"loaded {settings.IndexPath} ({loaded.Count:N0} items, M={loaded.Options.M}, efConstruction={loaded.Options.EfConstruction}) in {clock.Elapsed.TotalSeconds:F2} s; no build timed");
            return (loaded, null, null);
        }

        var options = new HnswOptions { M = settings.M, EfConstruction = settings.EfConstruction, Seed = settings.Seed };
        double? singleThreadSeconds = null;
        if (!settings.SkipSingleThreadBuild)
        {
            var (single, seconds) = AnnMeasurements.Build(vectors, n, d, options, 1, output);
            single.Dispose();
            singleThreadSeconds = seconds;
            output.WriteLine($"build 1 thread : {seconds:F2} s");
        }

        var (index, parallelSeconds) = AnnMeasurements.Build(vectors, n, d, options, settings.Threads, output);
        output.WriteLine($"build {settings.Threads} threads: {parallelSeconds:F2} s");
        if (settings.IndexPath is not null)
        {
            index.Save(settings.IndexPath);
            output.WriteLine($"saved {settings.IndexPath} ({new FileInfo(settings.IndexPath).Length >> 20:N0} MB)");
        }

        return (index, singleThreadSeconds, parallelSeconds);
    }

    private static async Task CompareAsync(AnnSettings settings, List<AnnRow> ours, JsonObject report, TextWriter output, CancellationToken cancellationToken)
    {
        var (hnswlib, theirs) = await HnswlibRunner.RunAsync(settings, output, cancellationToken);
        report["hnswlib"] = hnswlib;
        var comparison = new JsonArray();
        output.WriteLine();
        output.WriteLine($"{"ef",5} | {"ours R@10",9} {"ours q/s",9} | {"hnswlib R@10",12} {"hnswlib q/s",11} | {"ratio same ef",13} | {"hnswlib q/s at our recall",25} {"ratio same recall",17}");
        foreach (var row in ours)
        {
            var other = theirs.FirstOrDefault(t => t.Ef == row.Ef);
            var sameEf = other is null ? (double?)null : row.Qps / other.Qps;
            var atRecall = HnswlibRunner.QpsAtRecall(theirs, row.Recall);
            var sameRecall = atRecall is null ? (double?)null : row.Qps / atRecall.Value;
            output.WriteLine($"{row.Ef,5} | {row.Recall,9:F4} {row.Qps,9:F0} | {other?.Recall,12:F4} {other?.Qps,11:F0} | {sameEf,13:F2} | {atRecall,25:F0} {sameRecall,17:F2}");
            comparison.Add(new JsonObject
            {
                ["ef"] = row.Ef,
                ["qps_ratio_same_ef"] = sameEf,
                ["hnswlib_qps_at_our_recall"] = atRecall,
                ["qps_ratio_same_recall"] = sameRecall,
            });
        }

        report["comparison"] = comparison;
        var hit = ours.FirstOrDefault(r => r.Recall >= 0.95);
        if (hit is not null)
        {
            var atRecall = HnswlibRunner.QpsAtRecall(theirs, hit.Recall);
            output.WriteLine($"first ef with recall@10 ≥ 0.95: ef={hit.Ef}, recall {hit.Recall:F4}, {hit.Qps:F0} q/s = {hit.Qps / atRecall:F2} × hnswlib at the same recall (target ≥ 0.80)");
        }
    }
}
