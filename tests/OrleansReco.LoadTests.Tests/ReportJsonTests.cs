using System.Text.Json.Nodes;
using OrleansReco.LoadTests.Harness;
using OrleansReco.LoadTests.Reports;

namespace OrleansReco.LoadTests.Tests;

public sealed class ReportJsonTests
{
    [Fact]
    public void The_stable_json_has_exactly_the_documented_keys_in_order()
    {
        var report = new ScenarioReport("recommend") { ThroughputPerSecond = 999.5, Latency = new LatencySummary(10, 1, 2, 3, 4, 5) };
        report.Config["rate_per_s"] = 1000;
        report.Errors["TimeoutException"] = 2;
        report.Details["not_in_the_stable_json"] = 1;

        var json = JsonNode.Parse(report.ToStableJsonText())!.AsObject();

        Assert.Equal(["scenario", "config", "throughput_per_s", "latency_ms", "errors", "bytes_per_user"], json.Select(p => p.Key).ToArray());
        Assert.Equal(["p50", "p90", "p99", "p999", "max"], json["latency_ms"]!.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal("recommend", json["scenario"]!.GetValue<string>());
        Assert.Equal(999.5, json["throughput_per_s"]!.GetValue<double>());
        Assert.Equal(3, json["latency_ms"]!["p99"]!.GetValue<double>());
        Assert.Equal(2, json["errors"]!["TimeoutException"]!.GetValue<long>());
        Assert.Null(json["bytes_per_user"]);
        Assert.Equal(1000, json["config"]!["rate_per_s"]!.GetValue<int>());
    }

    [Fact]
    public void The_memory_scenario_fills_bytes_per_user()
    {
        var report = new ScenarioReport("memory") { BytesPerUser = 3_071.44 };

        Assert.Equal(3_071.4, report.ToStableJson()["bytes_per_user"]!.GetValue<double>());
    }
}
