using System.CommandLine;
using OrleansReco.LoadTests.Reports;
using OrleansReco.LoadTests.Scenarios;

namespace OrleansReco.LoadTests.Cli;

/// <summary>The command line: one sub-command per scenario, plus <c>plan</c> and <c>ann</c>.</summary>
public static class LoadTestCli
{
    /// <summary>Exit code for invalid options.</summary>
    public const int UsageError = 2;

    private delegate Task<ScenarioReport> ScenarioRun(ScenarioSettings settings, ProgressDisplay display, CancellationToken cancellationToken);

    /// <summary>Parses <paramref name="args"/> and runs the command; returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, ProgressDisplay display, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = Build(display, error);
        var parse = root.Parse(args);
        return parse.InvokeAsync(new InvocationConfiguration { Output = display.Output, Error = error }, cancellationToken);
    }

    /// <summary>The root command.</summary>
    public static RootCommand Build(ProgressDisplay display, TextWriter error)
    {
        var root = new RootCommand("OrleansReco load-test harness: scenarios against an in-process cluster (default), an external cluster or the HTTP gateway; " +
            "reports as JSON, Markdown and PNG charts; a capacity plan.");
        root.Subcommands.Add(Scenario("ingest", "Interactions only; closed loop for maximum throughput unless --rate: interactions/s, batch latency, storage writes.",
            TrafficScenarios.IngestAsync, display, error, new ScenarioOptions(60, 10_000)));
        root.Subcommands.Add(Scenario("recommend", "Recommendations only, open loop at --rate (default 1000/s): latency percentiles from the scheduled time.",
            TrafficScenarios.RecommendAsync, display, error, new ScenarioOptions(60, 10_000)));
        root.Subcommands.Add(Scenario("mixed", "Ingest batches and recommendations (--recommend-ratio per batch), open loop at --rate.",
            TrafficScenarios.MixedAsync, display, error, new ScenarioOptions(60, 10_000)));
        root.Subcommands.Add(SweepCommand(display, error));
        root.Subcommands.Add(MemoryCommand(display, error));
        root.Subcommands.Add(SoakCommand(display, error));
        root.Subcommands.Add(PlanCli.Build(display, error));
        root.Subcommands.Add(AnnCli.Build(display.Output, error));
        return root;
    }

    private static Command SweepCommand(ProgressDisplay display, TextWriter error)
    {
        var options = new ScenarioOptions(10, 10_000);
        var slo = new Option<double>("--slo-ms") { Description = "p99 latency SLO in ms", DefaultValueFactory = _ => 10 };
        var start = new Option<double>("--start-rate") { Description = "First rate per second", DefaultValueFactory = _ => 250 };
        var max = new Option<double>("--max-rate") { Description = "Highest rate tried", DefaultValueFactory = _ => 200_000 };
        var growth = new Option<double>("--growth") { Description = "Rate factor between steps while the SLO holds", DefaultValueFactory = _ => 1.5 };
        var refine = new Option<int>("--refine") { Description = "Bisection steps after the first miss", DefaultValueFactory = _ => 3 };
        var step = new Option<double>("--step-duration") { Description = "Seconds per step", DefaultValueFactory = _ => 10 };
        var workload = new Option<string>("--workload") { Description = "recommend | mixed | ingest", DefaultValueFactory = _ => "recommend" };
        workload.AcceptOnlyFromAmong("recommend", "mixed", "ingest");
        return Scenario("sweep", "Open-loop rate sweep: the highest rate whose p99 meets --slo-ms (latency vs throughput chart).",
            SweepScenario.RunAsync, display, error, options, [slo, start, max, growth, refine, step, workload], (parse, settings) =>
            {
                var s = settings with
                {
                    SloMs = parse.GetValue(slo), StartRate = parse.GetValue(start), MaxRate = parse.GetValue(max), Growth = parse.GetValue(growth),
                    RefineSteps = parse.GetValue(refine), StepSeconds = parse.GetValue(step), SweepWorkload = parse.GetValue(workload)!,
                };
                return s.SloMs > 0 && s.StartRate > 0 && s.MaxRate >= s.StartRate && s.Growth > 1 && s.RefineSteps >= 0 && s.StepSeconds > 0
                    ? s : throw new ArgumentException("sweep needs --slo-ms > 0, 0 < --start-rate ≤ --max-rate, --growth > 1, --refine ≥ 0, --step-duration > 0.");
            });
    }

    private static Command MemoryCommand(ProgressDisplay display, TextWriter error)
    {
        var options = new ScenarioOptions(60, 100_000); // --duration is not used: the run lasts until every user is active
        var checkpoints = new Option<int>("--checkpoints") { Description = "Points on the memory-vs-users curve", DefaultValueFactory = _ => 8 };
        var shared = new Option<bool>("--shared-strings") { Description = "Reuse the harness's item id strings instead of fresh ones per interaction" };
        var optimizer = new Option<OrleansReco.Learning.OptimizerKind?>("--optimizer") { Description = "Learner optimizer: Sgd | Adagrad | Adam (default: the silo's); Adagrad/Adam keep optimizer state per user" };
        return Scenario("memory", "Activate --users users with full state (replay 32, seen 64) in-process: managed bytes and RSS per active user.",
            MemoryScenario.RunAsync, display, error, options, [checkpoints, shared, optimizer], (parse, settings) => parse.GetValue(checkpoints) >= 1
                ? settings with
                {
                    Checkpoints = parse.GetValue(checkpoints), FreshStrings = !parse.GetValue(shared), Concurrency = Math.Min(settings.Concurrency, settings.Workload.Users),
                    Target = settings.Target with { InProcess = settings.Target.InProcess with { Optimizer = parse.GetValue(optimizer) } },
                }
                : throw new ArgumentException("--checkpoints must be ≥ 1."));
    }

    private static Command SoakCommand(ProgressDisplay display, TextWriter error)
    {
        var options = new ScenarioOptions(600, 10_000);
        var window = new Option<double>("--window") { Description = "Seconds per compared window", DefaultValueFactory = _ => 60 };
        var tolerance = new Option<double>("--tolerance") { Description = "Allowed growth of p99 and memory, last window vs first", DefaultValueFactory = _ => 0.2 };
        var fill = new Option<int>("--fill")
        {
            Description = "Distinct items each active user interacts with before measuring, so users start with full state (default: the hosts' seen capacity; 0: none)",
            DefaultValueFactory = _ => new Grains.Users.UserGrainOptions().SeenCapacity,
        };
        return Scenario("soak", "Mixed load for --duration (default 600 s): p99 and memory of the last window vs the first.",
            TrafficScenarios.SoakAsync, display, error, options, [window, tolerance, fill], (parse, settings) =>
                parse.GetValue(window) > 0 && parse.GetValue(tolerance) >= 0 && parse.GetValue(fill) >= 0 && parse.GetValue(fill) <= settings.Workload.Items
                ? settings with { WindowSeconds = parse.GetValue(window), Tolerance = parse.GetValue(tolerance), FillPerUser = parse.GetValue(fill) }
                : throw new ArgumentException("--window must be > 0, --tolerance ≥ 0 and --fill in [0, --items]."));
    }

    private static Command Scenario(string name, string description, ScenarioRun run, ProgressDisplay display, TextWriter error, ScenarioOptions options,
        Option[]? extra = null, Func<ParseResult, ScenarioSettings, ScenarioSettings>? refine = null)
    {
        var command = new Command(name, description);
        options.AddTo(command);
        foreach (var option in extra ?? [])
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            ScenarioSettings settings;
            try
            {
                settings = options.Read(parse);
                settings = refine?.Invoke(parse, settings) ?? settings;
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return UsageError;
            }

            try
            {
                LoadRun.LoadAverageAtStart = LoadRun.LoadAverage();
                var report = await run(settings, display, cancellationToken);
                var files = await ReportWriter.WriteAsync(report, settings.OutputDirectory, settings.JsonPath, settings.Charts, cancellationToken);
                display.Output.WriteLine($"wrote {string.Join(", ", files.Select(f => Path.GetRelativePath(Environment.CurrentDirectory, f)))}");
                return 0;
            }
            catch (ArgumentException ex)
            {
                await error.WriteLineAsync($"error: {ex.Message}");
                return UsageError;
            }
            catch (OperationCanceledException)
            {
                await error.WriteLineAsync("cancelled.");
                return 130;
            }
        });
        return command;
    }
}
