using OrleansReco.Abstractions;

namespace OrleansReco.LoadTests.Targets;

/// <summary>Does nothing: a run against it measures the harness's own overhead (scheduling, recording, the workload).</summary>
public sealed class NoopTarget : ILoadTarget
{
    /// <inheritdoc />
    public string Description => "no-op (harness overhead only)";

    /// <inheritdoc />
    public ValueTask IngestAsync(string userId, Interaction[] interactions) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask RecommendAsync(string userId, int k) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
