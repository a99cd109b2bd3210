using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using OrleansReco.LoadTests.Planning;

namespace OrleansReco.LoadTests.Cli;

/// <summary><c>plan</c>: silos of this machine size for a target load, from measured capacities (given or read from scenario JSON).</summary>
public static class PlanCli
{
    /// <summary>The <c>plan</c> command.</summary>
    public static Command Build(ProgressDisplay display, TextWriter error)
    {
        var users = new Option<long>("--users") { Description = "Target users active at once", Required = true };
        var interactions = new Option<double>("--interactions-per-s") { Description = "Target interactions per second", DefaultValueFactory = _ => 0 };
        var recommendations = new Option<double>("--recommendations-per-s") { Description = "Target recommendations per second", DefaultValueFactory = _ => 0 };
        var p99 = new Option<double>("--p99-ms") { Description = "Required recommendation p99 in ms", DefaultValueFactory = _ => 10 };
        var bytesPerUser = new Option<double?>("--bytes-per-user") { Description = "Measured bytes per active user (else --memory-json)" };
        var memoryJson = new Option<string?>("--memory-json") { Description = "A memory scenario JSON (bytes_per_user)" };
        var baseSilo = new Option<double?>("--base-silo-mib") { Description = "Silo memory before users, MiB (default: the memory details' baseline RSS, else 512)" };
        var ingestCapacity = new Option<double?>("--ingest-capacity") { Description = "Measured interactions/s per silo (else --ingest-json)" };
        var ingestJson = new Option<string?>("--ingest-json") { Description = "An ingest scenario JSON (throughput_per_s)" };
        var recommendCapacity = new Option<double?>("--recommend-capacity") { Description = "Measured recommendations/s per silo at the SLO (else --sweep-json)" };
        var sweepJson = new Option<string?>("--sweep-json") { Description = "A sweep scenario JSON (throughput_per_s, config.slo_ms)" };
        var siloMemory = new Option<double?>("--silo-memory-gib") { Description = "Memory per silo machine, GiB (default: this machine's)" };
        var budget = new Option<double>("--memory-budget") { Description = "Share of machine memory the silo may use", DefaultValueFactory = _ => 0.7 };
        var overhead = new Option<double>("--memory-overhead") { Description = "Factor on bytes/user for GC headroom", DefaultValueFactory = _ => 1.5 };
        var headroom = new Option<double>("--cpu-headroom") { Description = "Highest share of measured capacity to plan for", DefaultValueFactory = _ => 0.7 };
        var spare = new Option<int>("--spare") { Description = "Spare silos (N + spare)", DefaultValueFactory = _ => 1 };
        var output = new Option<string> ("--out") { Description = "Output directory for plan.md", DefaultValueFactory = _ => "load-results" };
        var command = new Command("plan", "Capacity plan: silos of this machine size for target users, interactions/s, recommendations/s and p99, with the assumptions.")
        {
            users, interactions, recommendations, p99, bytesPerUser, memoryJson, baseSilo, ingestCapacity, ingestJson, recommendCapacity, sweepJson,
            siloMemory, budget, overhead, headroom, spare, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var memory = Load(parse.GetValue(memoryJson));
                var sweep = Load(parse.GetValue(sweepJson));
                var inputs = new CapacityInputs
                {
                    Users = parse.GetValue(users),
                    InteractionsPerSecond = parse.GetValue(interactions),
                    RecommendationsPerSecond = parse.GetValue(recommendations),
                    P99Ms = parse.GetValue(p99),
                    BytesPerUser = parse.GetValue(bytesPerUser) ?? memory?["bytes_per_user"]?.GetValue<double>() ?? 0,
                    BaseSiloBytes = (parse.GetValue(baseSilo) ?? BaselineMib(parse.GetValue(memoryJson)) ?? 512) * 1048576.0,
                    IngestCapacityPerSilo = parse.GetValue(ingestCapacity) ?? Load(parse.GetValue(ingestJson))?["throughput_per_s"]?.GetValue<double>() ?? 0,
                    RecommendCapacityPerSilo = parse.GetValue(recommendCapacity) ?? sweep?["throughput_per_s"]?.GetValue<double>() ?? 0,
                    RecommendCapacitySloMs = sweep?["config"]?["slo_ms"]?.GetValue<double>() ?? parse.GetValue(p99),
                    SiloMemoryBytes = (parse.GetValue(siloMemory) ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0) * 1073741824.0,
                    MemoryBudgetFraction = parse.GetValue(budget),
                    MemoryOverheadFactor = parse.GetValue(overhead),
                    CpuHeadroom = parse.GetValue(headroom),
                    SpareSilos = parse.GetValue(spare),
                };
                var plan = CapacityPlan.Compute(inputs);
                var text = Markdown(inputs, plan);
                display.Output.Write(text);
                var directory = parse.GetValue(output)!;
                Directory.CreateDirectory(directory);
                var path = Path.Combine(directory, "plan.md");
                await File.WriteAllTextAsync(path, text, cancellationToken);
                display.Output.WriteLine($"wrote {path}");
                return 0;
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or System.Text.Json.JsonException or InvalidOperationException)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return LoadTestCli.UsageError;
            }
        });
        return command;
    }

    /// <summary>The plan as Markdown.</summary>
    public static string Markdown(CapacityInputs inputs, CapacityPlanResult plan)
    {
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Capacity plan").AppendLine();
        md.AppendLine(c, $"Target: {inputs.Users:N0} active users, {inputs.InteractionsPerSecond:N0} interactions/s, {inputs.RecommendationsPerSecond:N0} recommendations/s, p99 ≤ {inputs.P99Ms} ms.").AppendLine();
        md.AppendLine("| | silos |").AppendLine("|---|---|");
        md.AppendLine(c, $"| for memory ({plan.UsersPerSiloByMemory:N0} users per silo) | {plan.SilosForMemory} |");
        md.AppendLine(c, $"| for CPU (load {plan.CpuLoadInSilos:F2} silo-equivalents at ≤ {inputs.CpuHeadroom:P0}) | {plan.SilosForCpu} |");
        md.AppendLine(c, $"| **total, with {inputs.SpareSilos} spare** | **{plan.Silos}** |").AppendLine();
        md.AppendLine("Assumptions:");
        foreach (var a in plan.Assumptions)
        {
            md.AppendLine(c, $"- {a}");
        }

        foreach (var w in plan.Warnings)
        {
            md.AppendLine().AppendLine(c, $"Warning: {w}");
        }

        return md.ToString();
    }

    private static JsonNode? Load(string? path) => path is null ? null
        : File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) : throw new ArgumentException($"{path} does not exist.");

    private static double? BaselineMib(string? memoryJson)
    {
        if (memoryJson is null)
        {
            return null;
        }

        var details = Path.ChangeExtension(memoryJson, null) + ".details.json";
        return File.Exists(details) && JsonNode.Parse(File.ReadAllText(details))?["details"]?["baseline_rss_bytes"]?.GetValue<long>() is { } rss
            ? rss / 1048576.0 : null;
    }
}
