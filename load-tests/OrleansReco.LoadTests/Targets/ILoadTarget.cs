using OrleansReco.Abstractions;

namespace OrleansReco.LoadTests.Targets;

/// <summary>What the load is sent to: an in-process cluster, an external cluster, the HTTP gateway, or nothing.</summary>
public interface ILoadTarget : IAsyncDisposable
{
    /// <summary>A short description for reports.</summary>
    string Description { get; }

    /// <summary>Records a batch; throws (e.g. <see cref="Harness.LoadTargetException"/>) when it was not accepted.</summary>
    ValueTask IngestAsync(string userId, Interaction[] interactions);

    /// <summary>Asks for <paramref name="k"/> recommendations.</summary>
    ValueTask RecommendAsync(string userId, int k);
}
