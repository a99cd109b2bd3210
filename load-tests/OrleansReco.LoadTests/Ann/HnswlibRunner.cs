using System.Diagnostics;
using System.Text.Json.Nodes;

namespace OrleansReco.LoadTests.Ann;

/// <summary>Runs load-tests/compare-hnswlib.py (hnswlib, the C++ reference) on the same files and reads its JSON.</summary>
public static class HnswlibRunner
{
    private const string ScriptRelativePath = "load-tests/compare-hnswlib.py";

    public static async Task<(JsonObject Result, IReadOnlyList<AnnRow> Rows)> RunAsync(AnnSettings settings, TextWriter output, CancellationToken cancellationToken)
    {
        var script = settings.HnswlibScript ?? FindScript()
            ?? throw new FileNotFoundException($"Cannot find {ScriptRelativePath} above {Environment.CurrentDirectory}; pass --hnswlib-script.");
        if (!File.Exists(script))
        {
            throw new FileNotFoundException($"Missing hnswlib script {Path.GetFullPath(script)}.", script);
        }

        if (!File.Exists(settings.Python))
        {
            throw new FileNotFoundException($"Missing Python interpreter {settings.Python}; install python3-hnswlib with apt-get (Debian's /usr/bin/python3) or pass --python.");
        }

        var json = Path.Combine(Path.GetTempPath(), $"ann-hnswlib-{Environment.ProcessId}.json");
        var start = new ProcessStartInfo(settings.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            script, "--data", settings.DataDirectory, "--json", json, "--ef", string.Join(',', settings.EfValues),
            "--m", settings.M.ToString(), "--ef-construction", settings.EfConstruction.ToString(),
            "--k", settings.K.ToString(), "--repeats", settings.Repeats.ToString(),
        })
        {
            start.ArgumentList.Add(arg);
        }

        if (settings.SkipSingleThreadBuild)
        {
            start.ArgumentList.Add("--skip-1t-build");
        }

        output.WriteLine($"running {settings.Python} {string.Join(' ', start.ArgumentList)}");
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {settings.Python}.");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.WriteLine($"  [hnswlib] {e.Data}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.WriteLine($"  [hnswlib stderr] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || !File.Exists(json))
        {
            throw new InvalidOperationException($"compare-hnswlib.py failed with exit code {process.ExitCode}.");
        }

        var result = JsonNode.Parse(await File.ReadAllTextAsync(json, cancellationToken))!.AsObject();
        File.Delete(json);
        var rows = result["rows"]!.AsArray()
            .Select(r => new AnnRow((int)r!["ef"]!, (double)r["recall@10"]!, (double)r["qps"]!, double.NaN, double.NaN))
            .ToList();
        return (result, rows);
    }

    /// <summary>hnswlib's q/s at <paramref name="recall"/>, interpolated between its ef rows; null outside their range.</summary>
    public static double? QpsAtRecall(IReadOnlyList<AnnRow> rows, double recall)
    {
        for (var i = 0; i + 1 < rows.Count; i++)
        {
            var (low, high) = (rows[i], rows[i + 1]);
            if (recall >= low.Recall && recall <= high.Recall && high.Recall > low.Recall)
            {
                var t = (recall - low.Recall) / (high.Recall - low.Recall);
                return Math.Exp(Math.Log(low.Qps) + (t * (Math.Log(high.Qps) - Math.Log(low.Qps))));
            }
        }

        return rows.FirstOrDefault(r => r.Recall == recall)?.Qps;
    }

    private static string? FindScript()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, ScriptRelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
