using System.CommandLine;
using OrleansReco.LoadTests.Ann;
using OrleansReco.LoadTests.Commands;

namespace OrleansReco.LoadTests.Cli;

/// <summary><c>ann</c>: the HNSW benchmark's options (see <see cref="AnnCommand"/>).</summary>
public static class AnnCli
{
    /// <summary>The <c>ann</c> command.</summary>
    public static Command Build(TextWriter output, TextWriter error)
    {
        var defaults = new AnnSettings();
        var data = new Option<string>("--data") { Description = "Folder with base.fvecs, query.fvecs, gt.ivecs", DefaultValueFactory = _ => defaults.DataDirectory };
        var json = new Option<string?>("--json") { Description = "Also write the results as JSON" };
        var ef = new Option<string>("--ef") { Description = "efSearch values, comma-separated", DefaultValueFactory = _ => "10,20,40,80,160" };
        var m = new Option<int>("--m") { Description = "HNSW M", DefaultValueFactory = _ => defaults.M };
        var efConstruction = new Option<int>("--ef-construction") { Description = "HNSW efConstruction", DefaultValueFactory = _ => defaults.EfConstruction };
        var threads = new Option<int>("--threads") { Description = "Threads of the parallel build", DefaultValueFactory = _ => defaults.Threads };
        var skip1t = new Option<bool>("--skip-1t-build") { Description = "Build only on --threads threads" };
        var repeats = new Option<int>("--repeats") { Description = "Timed passes per ef, fastest kept", DefaultValueFactory = _ => defaults.Repeats };
        var k = new Option<int>("--k") { Description = "recall@k", DefaultValueFactory = _ => defaults.K };
        var updateFraction = new Option<double>("--update-fraction") { Description = "Then update this share of vectors in place and report recall before/after" };
        var updateNoise = new Option<double>("--update-noise") { Description = "Per-component noise of an update", DefaultValueFactory = _ => defaults.UpdateNoise };
        var compare = new Option<bool>("--compare-hnswlib") { Description = "Then run load-tests/compare-hnswlib.py on the same files" };
        var python = new Option<string>("--python") { Description = "Interpreter with hnswlib", DefaultValueFactory = _ => defaults.Python };
        var script = new Option<string?>("--hnswlib-script") { Description = "Default: load-tests/compare-hnswlib.py found upward" };
        var scale = new Option<int>("--scale") { Description = "Instead: build a seeded N × d clustered index for build time and peak memory" };
        var dimensions = new Option<int>("--dimensions") { Description = "d of --scale", DefaultValueFactory = _ => defaults.ScaleDimensions };
        var index = new Option<string?>("--index") { Description = "Load the index snapshot from this file when it exists, else build and save it there" };
        var seed = new Option<int>("--seed") { Description = "Seed", DefaultValueFactory = _ => 42 };
        var command = new Command("ann", "HNSW benchmark: recall@10 and single-thread q/s per efSearch, build time, graph bytes/vector, updates, hnswlib ratio.")
        {
            data, json, ef, m, efConstruction, threads, skip1t, repeats, k, updateFraction, updateNoise, compare, python, script, scale, dimensions, index, seed,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var efText = parse.GetValue(ef)!;
            var efValues = efText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(v => int.TryParse(v, out var n) && n >= 1 ? n : -1).ToArray();
            if (efValues.Length == 0 || efValues.Any(v => v < 1) || parse.GetValue(m) < 2 || parse.GetValue(threads) < 1 || parse.GetValue(k) < 1
                || parse.GetValue(repeats) < 1 || parse.GetValue(updateFraction) is < 0 or > 1 || parse.GetValue(scale) < 0 || parse.GetValue(seed) < 0)
            {
                await error.WriteLineAsync("error: --ef must list positive integers; --m ≥ 2; --threads, --k, --repeats ≥ 1; --update-fraction in [0, 1]; --scale, --seed ≥ 0.");
                return LoadTestCli.UsageError;
            }

            var settings = new AnnSettings
            {
                DataDirectory = parse.GetValue(data)!, JsonPath = parse.GetValue(json), EfValues = efValues, M = parse.GetValue(m),
                EfConstruction = parse.GetValue(efConstruction), Threads = parse.GetValue(threads), SkipSingleThreadBuild = parse.GetValue(skip1t),
                Repeats = parse.GetValue(repeats), K = parse.GetValue(k), UpdateFraction = parse.GetValue(updateFraction), UpdateNoise = parse.GetValue(updateNoise),
                Scale = parse.GetValue(scale), ScaleDimensions = parse.GetValue(dimensions), CompareHnswlib = parse.GetValue(compare),
                Python = parse.GetValue(python)!, HnswlibScript = parse.GetValue(script), Seed = (ulong)parse.GetValue(seed), IndexPath = parse.GetValue(index),
            };
            try
            {
                return await AnnCommand.RunAsync(settings, output, cancellationToken);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or InvalidDataException)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return 1;
            }
        });
        return command;
    }
}
