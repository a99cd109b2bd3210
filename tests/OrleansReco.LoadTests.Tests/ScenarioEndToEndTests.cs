using System.Text.Json.Nodes;
using OrleansReco.LoadTests.Cli;

namespace OrleansReco.LoadTests.Tests;

/// <summary>Each scenario for a second or two against an in-process silo with a 1,000-item catalog, through the real command line.</summary>
public sealed class ScenarioEndToEndTests : IDisposable
{
    private readonly string _out = Directory.CreateTempSubdirectory("loadtests-").FullName;
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    public void Dispose() => Directory.Delete(_out, recursive: true);

    private async Task<JsonObject> RunAsync(string scenario, params string[] options)
    {
        string[] args = [scenario, "--items", "1000", "--out", _out, .. options.Contains("--users") ? options : ["--users", "40", .. options]];
        var exit = await LoadTestCli.RunAsync(args, new ProgressDisplay(_output, interactive: false), _error);
        Assert.True(exit == 0, $"exit {exit}\n{_output}\n{_error}");
        Assert.True(File.Exists(Path.Combine(_out, $"{scenario}.md")));
        return JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_out, $"{scenario}.json")))!.AsObject();
    }

    [Fact]
    public async Task Ingest_with_the_readme_options_counts_one_storage_write_per_batch()
    {
        var json = await RunAsync("ingest", "--storage", "memory", "--batches", "300", "--batch", "2", "--concurrency", "4");

        Assert.Equal("ingest", json["scenario"]!.GetValue<string>());
        Assert.True(json["throughput_per_s"]!.GetValue<double>() > 0);
        Assert.Empty(json["errors"]!.AsObject());
        var details = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "ingest.details.json")))!["details"]!;
        Assert.Equal(600, details["operations_completed"]!.GetValue<long>() * 2);
        Assert.Equal(0.5, details["storage_writes_per_interaction"]!.GetValue<double>());
    }

    [Fact]
    public async Task Recommend_runs_open_loop_at_the_rate_and_draws_its_chart()
    {
        var json = await RunAsync("recommend", "--rate", "200", "--duration", "2");

        Assert.Equal("open-loop", json["config"]!["mode"]!.GetValue<string>());
        Assert.InRange(json["throughput_per_s"]!.GetValue<double>(), 150, 210);
        Assert.Empty(json["errors"]!.AsObject());
        Assert.True(new FileInfo(Path.Combine(_out, "recommend-percentiles-over-time.png")).Length > 1_000);
    }

    [Fact]
    public async Task Mixed_and_soak_run_and_soak_compares_its_windows()
    {
        var mixed = await RunAsync("mixed", "--rate", "200", "--duration", "1", "--no-charts");
        var soak = await RunAsync("soak", "--rate", "200", "--duration", "4", "--window", "1", "--no-charts");

        Assert.Empty(mixed["errors"]!.AsObject());
        Assert.Equal(1, soak["config"]!["window_s"]!.GetValue<double>());
        Assert.Equal(500, soak["config"]!["fill_per_user"]!.GetValue<int>()); // users start with full seen sets (the hosts' capacity)
        var details = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "soak.details.json")))!;
        Assert.True(details["windows"]!.AsArray().Count >= 2);
        Assert.NotNull(details["details"]!["p99_last_over_first"]);
        Assert.True(details["details"]!["live_heap_last_over_first"]!.GetValue<double>() > 0);
        Assert.All(details["windows"]!.AsArray(), w => Assert.True(w!["live_heap_bytes"]!.GetValue<long>() > 0));
    }

    [Fact]
    public async Task Sweep_steps_up_until_the_slo_or_the_maximum_and_reports_the_highest_rate_that_met_it()
    {
        var json = await RunAsync("sweep", "--start-rate", "50", "--growth", "4", "--max-rate", "800", "--step-duration", "0.5", "--slo-ms", "2000", "--refine", "1");

        var details = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_out, "sweep.details.json")))!;
        var points = details["sweep"]!.AsArray();
        Assert.Equal(50, points[0]!["offered_rate"]!.GetValue<double>());
        Assert.True(points.Count >= 2, "at least two steps");
        Assert.True(File.Exists(Path.Combine(_out, "sweep-latency-vs-throughput.png")));
        var best = details["details"]!["max_rate_meeting_slo"]?.GetValue<double>();
        Assert.Equal(points.Where(p => p!["meets_slo"]!.GetValue<bool>()).Select(p => p!["offered_rate"]!.GetValue<double>()).DefaultIfEmpty().Max(), best ?? 0);
    }

    [Fact]
    public async Task Memory_reports_bytes_per_user_and_plan_reads_it()
    {
        var json = await RunAsync("memory", "--users", "300", "--checkpoints", "2");

        Assert.True(json["bytes_per_user"]!.GetValue<double>() > 0);
        Assert.Equal(300, json["config"]!["users"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(_out, "memory-memory-vs-users.png")));
        var md = await File.ReadAllTextAsync(Path.Combine(_out, "memory.md"));
        Assert.Contains("CollectionAge", md, StringComparison.Ordinal);

        var exit = await LoadTestCli.RunAsync(["plan", "--users", "1000000", "--memory-json", Path.Combine(_out, "memory.json"), "--interactions-per-s", "1000",
            "--ingest-capacity", "10000", "--silo-memory-gib", "64", "--out", _out], new ProgressDisplay(_output, interactive: false), _error);
        Assert.Equal(0, exit);
        Assert.Contains("Assumptions", await File.ReadAllTextAsync(Path.Combine(_out, "plan.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_noop_target_runs_without_a_cluster_and_bad_options_are_usage_errors()
    {
        var json = await RunAsync("mixed", "--target", "noop", "--rate", "500", "--duration", "1", "--no-charts");
        Assert.Contains("no-op", json["config"]!["target"]!.GetValue<string>(), StringComparison.Ordinal);

        var exit = await LoadTestCli.RunAsync(["ingest", "--mix", "0.5,0.5,0.5", "--target", "noop"], new ProgressDisplay(_output, interactive: false), _error);
        Assert.Equal(LoadTestCli.UsageError, exit);
        Assert.Contains("--mix", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ann_keeps_its_options_and_names_a_missing_data_folder()
    {
        var exit = await LoadTestCli.RunAsync(["ann", "--data", Path.Combine(_out, "absent"), "--ef", "10,20"], new ProgressDisplay(_output, interactive: false), _error);

        Assert.Equal(1, exit);
        Assert.Contains("does not exist", _error.ToString(), StringComparison.Ordinal);
    }
}
