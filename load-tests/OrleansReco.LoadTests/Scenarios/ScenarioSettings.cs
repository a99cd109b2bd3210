using OrleansReco.Hosting;
using OrleansReco.LoadTests.Targets;
using OrleansReco.LoadTests.Workload;

namespace OrleansReco.LoadTests.Scenarios;

/// <summary>Which target the load goes to.</summary>
public enum TargetKind
{
    /// <summary>Silos started in this process (default).</summary>
    InProcess,

    /// <summary>An external cluster through the Orleans client.</summary>
    Cluster,

    /// <summary>The HTTP gateway.</summary>
    Gateway,

    /// <summary>Nothing: measures the harness's own overhead.</summary>
    Noop,
}

/// <summary>Where the load goes.</summary>
public sealed record TargetSettings
{
    /// <summary>Target kind.</summary>
    public TargetKind Kind { get; init; } = TargetKind.InProcess;

    /// <summary>In-process cluster shape.</summary>
    public InProcessClusterOptions InProcess { get; init; } = new();

    /// <summary>External cluster connection.</summary>
    public ClusterConnectionOptions Cluster { get; init; } = new();

    /// <summary>Gateway base address.</summary>
    public Uri? GatewayUrl { get; init; }

    /// <summary>Gateway API key.</summary>
    public string? ApiKey { get; init; }
}

/// <summary>Everything a scenario run needs from the command line.</summary>
public sealed record ScenarioSettings
{
    /// <summary>Measured seconds (each sweep step: <see cref="StepSeconds"/>).</summary>
    public double DurationSeconds { get; init; } = 60;

    /// <summary>Open-loop arrival rate per second; null runs a closed loop where the scenario allows it.</summary>
    public double? Rate { get; init; }

    /// <summary>Closed-loop workers (operations in flight).</summary>
    public int Concurrency { get; init; } = 32;

    /// <summary>Stop a closed-loop ingest after this many batches (0: run for the duration).</summary>
    public long MaxBatches { get; init; }

    /// <summary>Activate every active user (and warm the index) before measuring.</summary>
    public bool Warmup { get; init; } = true;

    /// <summary>Workload model.</summary>
    public WorkloadOptions Workload { get; init; } = new();

    /// <summary>Target.</summary>
    public TargetSettings Target { get; init; } = new();

    /// <summary>Output directory for reports and charts.</summary>
    public string OutputDirectory { get; init; } = "load-results";

    /// <summary>Also write the stable JSON here.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Render PNG charts.</summary>
    public bool Charts { get; init; } = true;

    /// <summary>Sweep: latency SLO on p99, ms.</summary>
    public double SloMs { get; init; } = 10;

    /// <summary>Sweep: first rate.</summary>
    public double StartRate { get; init; } = 250;

    /// <summary>Sweep: highest rate tried.</summary>
    public double MaxRate { get; init; } = 200_000;

    /// <summary>Sweep: rate factor between steps while the SLO holds.</summary>
    public double Growth { get; init; } = 1.5;

    /// <summary>Sweep: bisection steps between the last good and the first bad rate.</summary>
    public int RefineSteps { get; init; } = 3;

    /// <summary>Sweep: seconds per step.</summary>
    public double StepSeconds { get; init; } = 10;

    /// <summary>Sweep: the workload swept (recommend, mixed or ingest).</summary>
    public string SweepWorkload { get; init; } = "recommend";

    /// <summary>Memory: points on the memory-vs-users curve.</summary>
    public int Checkpoints { get; init; } = 8;

    /// <summary>Memory: item ids are fresh strings per interaction, as deserialized from the network.</summary>
    public bool FreshStrings { get; init; } = true;

    /// <summary>Soak: window length in seconds (first vs last window are compared).</summary>
    public double WindowSeconds { get; init; } = 60;

    /// <summary>Soak: allowed growth of p99 and memory from the first to the last window.</summary>
    public double Tolerance { get; init; } = 0.20;

    /// <summary>
    /// Soak: distinct items each active user interacts with before measuring (0: none), so seen sets and replay rings
    /// start full as an established user's are; otherwise the soak's first minutes measure them filling up.
    /// </summary>
    public int FillPerUser { get; init; }
}
