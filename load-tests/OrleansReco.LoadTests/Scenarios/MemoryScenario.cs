using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using OrleansReco.LoadTests.Cli;
using OrleansReco.LoadTests.Harness;
using OrleansReco.LoadTests.Reports;
using OrleansReco.LoadTests.Targets;
using OrleansReco.LoadTests.Workload;

namespace OrleansReco.LoadTests.Scenarios;

/// <summary>
/// <c>memory</c>: activates N users in an in-process silo, each with full state — one batch of 64 distinct items fills the
/// vector, short-term vector, baseline, a replay ring of 32 and a seen set of 64 — and reports managed bytes per active
/// user (GC heap after a full compacting GC, minus the same measured before the users were activated) and process RSS
/// per user. User storage is <see cref="DiscardingGrainStorage"/>: the memory provider would keep a second, serialized copy
/// of each state that a silo with durable storage does not have. Item ids are fresh strings per interaction (as a
/// deserialized network request would be), so a user's seen set holds its own strings, as in production.
/// </summary>
public static class MemoryScenario
{
    /// <summary>Seen-set capacity the scenario configures.</summary>
    public const int SeenCapacity = 64;

    /// <summary>Replay-ring capacity the scenario configures.</summary>
    public const int ReplayCapacity = 32;

    /// <summary>Runs the scenario.</summary>
    public static async Task<ScenarioReport> RunAsync(ScenarioSettings settings, ProgressDisplay display, CancellationToken cancellationToken)
    {
        if (settings.Target.Kind != TargetKind.InProcess)
        {
            throw new ArgumentException("memory measures this process's heap: it runs against the in-process target only.");
        }

        var workload = settings.Workload;
        var users = workload.Users;
        var report = new ScenarioReport("memory");
        var cluster = settings.Target.InProcess with
        {
            Storage = LoadStorage.Discard, SeenCapacity = SeenCapacity, ReplayCapacity = ReplayCapacity, Items = workload.Items, Dimensions = workload.Dimensions,
        };
        await using var target = await InProcessTarget.StartAsync(cluster, display.Output);
        var items = new ItemSpace(workload);
        var warmUsers = Math.Min(1_000, Math.Max(10, users / 10));
        await ActivateAsync(target, settings, items, "warm-", 0, warmUsers, display, "warm-up (not counted)", cancellationToken);
        var baseline = Measure();
        report.Memory.Add(new MemoryPoint(0, baseline.Heap, baseline.Rss));
        var clock = Stopwatch.StartNew();
        var done = 0;
        var checkpoints = Math.Max(1, Math.Min(settings.Checkpoints, users));
        for (var c = 1; c <= checkpoints; c++)
        {
            var upTo = (int)((long)users * c / checkpoints);
            await ActivateAsync(target, settings, items, "load-", done, upTo, display, $"activate users {done:N0}–{upTo:N0} of {users:N0}", cancellationToken);
            done = upTo;
            var point = Measure();
            report.Memory.Add(new MemoryPoint(done, point.Heap, point.Rss));
            display.Output.WriteLine($"  {done,10:N0} users: GC heap {point.Heap / 1048576.0,9:F1} MiB ({(point.Heap - baseline.Heap) / (double)done,8:F0} B/user), " +
                $"RSS {point.Rss / 1048576.0,9:F1} MiB ({(point.Rss - baseline.Rss) / (double)done,8:F0} B/user)");
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var last = report.Memory[^1];
        var activations = await CountUserActivationsAsync(target);
        report.BytesPerUser = (last.GcHeapBytes - baseline.Heap) / (double)users;
        report.ThroughputPerSecond = Math.Round(users / seconds, 1);
        Describe(report, settings, target, users, warmUsers);
        report.Details["baseline_gc_heap_bytes"] = baseline.Heap;
        report.Details["baseline_rss_bytes"] = baseline.Rss;
        report.Details["gc_heap_bytes"] = last.GcHeapBytes;
        report.Details["rss_bytes"] = last.RssBytes;
        report.Details["rss_bytes_per_user"] = Math.Round((last.RssBytes - baseline.Rss) / (double)users, 1);
        report.Details["user_activations_at_end_incl_warmup"] = activations;
        report.Details["activation_seconds"] = Math.Round(seconds, 2);
        report.Notes.Add("bytes_per_user = (GC heap after full compacting GC with N users active − the same before they were activated) / N; " +
            "it includes everything the silo keeps per activation (grain object, Orleans activation data, directory entry, state), " +
            "not the storage provider (discarding storage, see config).");
        report.Notes.Add($"throughput_per_s is users activated (with their {SeenCapacity}-interaction batch) per second, measurement pauses included.");
        report.Notes.Add($"Activation collection: idle activations are deactivated after CollectionAge = {target.Collection.CollectionAge} (checked every " +
            $"CollectionQuantum = {target.Collection.CollectionQuantum}); EnableActivationSheddingOnMemoryPressure = {target.Collection.EnableActivationSheddingOnMemoryPressure} " +
            $"(when on, above MemoryUsageLimitPercentage = {target.Collection.MemoryUsageLimitPercentage} % of memory the silo deactivates the oldest idle " +
            $"activations until MemoryUsageTargetPercentage = {target.Collection.MemoryUsageTargetPercentage} %, polled every {target.Collection.MemoryUsagePollingPeriod}). " +
            "With shedding off, memory grows with active users until the GC or the container limit fails; a deactivated user is re-read from storage on its next call.");
        display.Output.WriteLine($"memory: {users:N0} users active ({activations:N0} user activations at the end, warm-up users included): {report.BytesPerUser:N0} managed bytes/user, " +
            $"{report.Details["rss_bytes_per_user"]} RSS bytes/user; baseline heap {baseline.Heap / 1048576.0:F1} MiB, RSS {baseline.Rss / 1048576.0:F1} MiB");
        return report;
    }

    private static void Describe(ScenarioReport report, ScenarioSettings settings, InProcessTarget target, int users, int warmUsers)
    {
        var c = report.Config;
        c["target"] = target.Description;
        c["users"] = users;
        c["warm_users_not_counted"] = warmUsers;
        c["items"] = settings.Workload.Items;
        c["dimensions"] = settings.Workload.Dimensions;
        c["seen_capacity"] = SeenCapacity;
        c["replay_capacity"] = ReplayCapacity;
        c["interactions_per_user"] = SeenCapacity;
        c["fresh_item_id_strings"] = settings.FreshStrings;
        c["optimizer"] = target.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<OrleansReco.Learning.OnlineLearnerOptions>>().Value.Optimizer.ToString();
        c["storage"] = "discard (state kept only in the activation)";
        c["concurrency"] = settings.Concurrency;
        c["seed"] = settings.Workload.Seed;
        c["throughput_unit"] = "users activated/s";
        c["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation";
        c["collection_age"] = target.Collection.CollectionAge.ToString();
        c["collection_quantum"] = target.Collection.CollectionQuantum.ToString();
        c["shedding_on_memory_pressure"] = target.Collection.EnableActivationSheddingOnMemoryPressure;
        c["cores"] = Environment.ProcessorCount;
        c["load_average_start"] = LoadRun.LoadAverageAtStart;
        c["load_average_end"] = LoadRun.LoadAverage();
    }

    private static Task<RunOutcome> ActivateAsync(InProcessTarget target, ScenarioSettings settings, ItemSpace items, string prefix, int from, int to,
        ProgressDisplay display, string title, CancellationToken cancellationToken) => display.RunAsync(title, async progress =>
    {
        var generators = new WorkloadGenerator[settings.Concurrency];
        for (var i = 0; i < generators.Length; i++)
        {
            generators[i] = WorkloadGenerator.ForStream(settings.Workload, items, 10_000 + from + i);
        }

        var next = from - 1;
        var monitor = new RunMonitor(1, double.MaxValue, s => progress.Report((Volatile.Read(ref next) - from) / (double)Math.Max(1, to - from), $"{s.ThroughputPerSecond:N0} users/s"));
        var outcome = await ClosedLoopRunner.RunAsync(settings.Concurrency, TimeSpan.FromHours(10), to - from, worker =>
        {
            var user = Interlocked.Increment(ref next);
            return target.IngestAsync(prefix + user, generators[worker].NextDistinctBatch(SeenCapacity, settings.FreshStrings));
        }, monitor, cancellationToken);
        if (outcome.ErrorCount > 0)
        {
            throw new InvalidOperationException($"{outcome.ErrorCount} activations failed: {string.Join(", ", outcome.Errors.Select(e => $"{e.Key}: {e.Value}"))}.");
        }

        return outcome;
    });

    private static (long Heap, long Rss) Measure()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }

    private static async Task<int> CountUserActivationsAsync(InProcessTarget target)
    {
        var management = target.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
        var statistics = await management.GetSimpleGrainStatistics();
        var count = 0;
        foreach (var s in statistics)
        {
            if (s.GrainType.Contains("UserGrain", StringComparison.OrdinalIgnoreCase))
            {
                count += s.ActivationCount;
            }
        }

        return count;
    }
}
