using System.Runtime;
using System.Text.Json.Nodes;
using OrleansReco.LoadTests.Cli;
using OrleansReco.LoadTests.Harness;
using OrleansReco.LoadTests.Reports;
using OrleansReco.LoadTests.Targets;
using OrleansReco.LoadTests.Workload;

namespace OrleansReco.LoadTests.Scenarios;

/// <summary>Shared steps of the scenarios: start the target, warm up, run open or closed loop, describe the config.</summary>
public static class LoadRun
{
    /// <summary>Starts the target the settings name.</summary>
    public static async Task<ILoadTarget> StartTargetAsync(ScenarioSettings settings, TextWriter log)
    {
        var target = settings.Target;
        return target.Kind switch
        {
            TargetKind.Noop => new NoopTarget(),
            TargetKind.Cluster => await ClusterTarget.ConnectAsync(target.Cluster),
            TargetKind.Gateway => new GatewayTarget(
                target.GatewayUrl ?? throw new ArgumentException("--gateway-url is required with --target gateway."),
                target.ApiKey ?? throw new ArgumentException("--api-key (or ORLEANSRECO_API_KEY) is required with --target gateway.")),
            _ => await InProcessTarget.StartAsync(target.InProcess with { Items = settings.Workload.Items, Dimensions = settings.Workload.Dimensions }, log),
        };
    }

    /// <summary>Gives every active user one batch (so it is activated and has history), then warms the ranking path.</summary>
    public static async Task WarmUpAsync(ILoadTarget target, ScenarioSettings settings, ItemSpace items, ProgressDisplay display)
    {
        if (!settings.Warmup)
        {
            return;
        }

        var workload = settings.Workload;
        var users = workload.ActiveUsers;
        var recommends = Math.Min(2_000, users);
        await display.RunAsync($"warm-up: activate {users:N0} users", async progress =>
        {
            var generators = Generators(workload, items, settings.Concurrency, salt: 7_000);
            var next = -1;
            var monitor = new RunMonitor(1, double.MaxValue, s => progress.Report((double)Volatile.Read(ref next) / (users + recommends), $"{s.ThroughputPerSecond:N0}/s"));
            var outcome = await ClosedLoopRunner.RunAsync(settings.Concurrency, TimeSpan.FromHours(1), users + recommends, worker =>
            {
                var i = Interlocked.Increment(ref next);
                return i < users
                    ? target.IngestAsync(WorkloadGenerator.UserId(i), generators[worker].NextBatch(workload.BatchSize))
                    : target.RecommendAsync(WorkloadGenerator.UserId(i % users), workload.K);
            }, monitor);
            return ReportErrors(outcome, "warm-up", display);
        });
        if (settings.FillPerUser > 0)
        {
            await FillAsync(target, settings, items, display);
        }
    }

    /// <summary>Sends every active user <see cref="ScenarioSettings.FillPerUser"/> distinct items in batches of at most the API's limit.</summary>
    private static async Task FillAsync(ILoadTarget target, ScenarioSettings settings, ItemSpace items, ProgressDisplay display)
    {
        var users = settings.Workload.ActiveUsers;
        var perUser = settings.FillPerUser;
        await display.RunAsync($"warm-up: {perUser:N0} distinct items for each of {users:N0} users", async progress =>
        {
            var generators = Generators(settings.Workload, items, settings.Concurrency, salt: 8_000);
            var next = -1;
            var monitor = new RunMonitor(1, double.MaxValue, s => progress.Report((double)Volatile.Read(ref next) / users, $"{s.ThroughputPerSecond:N0} users/s"));
            var outcome = await ClosedLoopRunner.RunAsync(settings.Concurrency, TimeSpan.FromHours(1), users, async worker =>
            {
                var user = WorkloadGenerator.UserId(Interlocked.Increment(ref next));
                var all = generators[worker].NextDistinctBatch(perUser, freshStrings: true);
                for (var from = 0; from < all.Length; from += Abstractions.RecoLimits.MaxBatchSize)
                {
                    await target.IngestAsync(user, all[from..Math.Min(all.Length, from + Abstractions.RecoLimits.MaxBatchSize)]);
                }
            }, monitor);
            return ReportErrors(outcome, "fill", display);
        });
    }

    private static RunOutcome ReportErrors(RunOutcome outcome, string step, ProgressDisplay display)
    {
        if (outcome.ErrorCount > 0)
        {
            display.Output.WriteLine($"  {step} errors: {string.Join(", ", outcome.Errors.Select(e => $"{e.Key}: {e.Value}"))}");
        }

        return outcome;
    }

    /// <summary>
    /// The measured run: open loop at <paramref name="rate"/> when given (one seeded generator, operations in schedule order),
    /// else a closed loop of <see cref="ScenarioSettings.Concurrency"/> workers (one seeded generator each).
    /// </summary>
    public static Task<RunOutcome> RunAsync(ILoadTarget target, ScenarioSettings settings, WorkloadOptions workload, ItemSpace items, double? rate,
        double seconds, string title, ProgressDisplay display, double windowSeconds = 60, CancellationToken cancellationToken = default, bool liveHeapAtWindows = false) =>
        display.RunAsync(title, progress =>
        {
            var monitor = new RunMonitor(1, windowSeconds, s => progress.Report(s.ElapsedSeconds / seconds,
                $"{s.ThroughputPerSecond:N0}/s p99 {s.Latency.P99} ms"), liveHeapAtWindows);
            if (rate is { } perSecond)
            {
                var generator = WorkloadGenerator.ForStream(workload, items, 0);
                return OpenLoopRunner.RunAsync(perSecond, TimeSpan.FromSeconds(seconds), _ => ExecuteOnThreadPool(target, generator.Next(), workload.K), monitor,
                    cancellationToken: cancellationToken);
            }

            var generators = Generators(workload, items, settings.Concurrency, salt: 0);
            return ClosedLoopRunner.RunAsync(settings.Concurrency, TimeSpan.FromSeconds(seconds), settings.MaxBatches,
                worker => Execute(target, generators[worker].Next(), workload.K), monitor, cancellationToken);
        });

    /// <summary>
    /// Sends an operation made on the open loop's dispatcher thread from a thread-pool thread. Orleans pools a call's
    /// response source per thread without a cap: rented on the dispatcher and returned on pool threads, one per call
    /// would pile up in the pool threads' pools (a soak measured the live heap growing 6 MiB a minute with p99 rising),
    /// a leak of the harness, not of a silo, whose calls start on pool threads.
    /// </summary>
    private static async ValueTask ExecuteOnThreadPool(ILoadTarget target, Operation operation, int k)
    {
        await Task.Yield();
        await Execute(target, operation, k);
    }

    /// <summary>Sends one operation to the target.</summary>
    public static ValueTask Execute(ILoadTarget target, Operation operation, int k) => operation.Kind == OperationKind.Ingest
        ? target.IngestAsync(operation.UserId, operation.Interactions!)
        : target.RecommendAsync(operation.UserId, k);

    /// <summary>Fills the report's config with the workload, the target and the run mode.</summary>
    public static void Describe(ScenarioReport report, ScenarioSettings settings, WorkloadOptions workload, ILoadTarget target, double? rate, string unit)
    {
        var c = report.Config;
        c["target"] = target.Description;
        c["mode"] = rate is null ? "closed-loop" : "open-loop";
        c["rate_per_s"] = rate;
        c["concurrency"] = rate is null ? settings.Concurrency : null;
        c["duration_s"] = settings.DurationSeconds;
        c["users"] = workload.Users;
        c["active_fraction"] = workload.ActiveFraction;
        c["items"] = workload.Items;
        c["dimensions"] = workload.Dimensions;
        c["zipf_exponent"] = workload.ZipfExponent;
        c["session_length"] = workload.MeanSessionLength;
        c["mix_view_click_like"] = new JsonArray(workload.ViewShare, workload.ClickShare, Math.Round(workload.LikeShare, 4));
        c["batch_size"] = workload.BatchSize;
        c["recommend_per_ingest"] = double.IsPositiveInfinity(workload.RecommendPerIngest) ? "recommend only" : workload.RecommendPerIngest;
        c["k"] = workload.K;
        c["seed"] = workload.Seed;
        c["throughput_unit"] = unit;
        c["gc"] = GCSettings.IsServerGC ? "server" : "workstation";
        c["cores"] = Environment.ProcessorCount;
        c["load_average_start"] = LoadAverageAtStart;
        c["load_average_end"] = LoadAverage();
    }

    /// <summary>The machine's 1-minute load average when the command started (set by the command line).</summary>
    public static string? LoadAverageAtStart { get; set; }

    /// <summary>The 1-minute load average of the machine at the start (Linux), to judge how shared it was.</summary>
    public static string? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Copies a run's service-time summary (latency without harness queueing) into the details.</summary>
    public static void AddServiceTime(ScenarioReport report, RunOutcome run)
    {
        report.Details["service_time_p50_ms"] = run.ServiceTime.P50;
        report.Details["service_time_p99_ms"] = run.ServiceTime.P99;
        report.Details["service_time_max_ms"] = run.ServiceTime.Max;
        report.Details["operations_completed"] = run.Completed;
        report.Details["operations_issued"] = run.Issued;
        report.Details["seconds"] = Math.Round(run.Seconds, 3);
    }

    private static WorkloadGenerator[] Generators(WorkloadOptions workload, ItemSpace items, int count, int salt)
    {
        var generators = new WorkloadGenerator[count];
        for (var i = 0; i < count; i++)
        {
            generators[i] = WorkloadGenerator.ForStream(workload, items, salt + i + 1);
        }

        return generators;
    }
}
