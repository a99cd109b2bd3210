using OrleansReco.Abstractions;
using OrleansReco.LoadTests.Harness;

namespace OrleansReco.LoadTests.Targets;

/// <summary>Calls <see cref="IUserGrain"/> through a grain factory (a silo's own, or an Orleans client's).</summary>
public abstract class GrainTarget : ILoadTarget
{
    private RecommendationRequest _request = new(K: 10);

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <summary>The grain factory calls go through.</summary>
    protected abstract IGrainFactory Grains { get; }

    /// <inheritdoc />
    public async ValueTask IngestAsync(string userId, Interaction[] interactions)
    {
        var result = await Grains.GetGrain<IUserGrain>(userId).RecordInteractionsAsync(interactions);
        if (!result.IsAccepted)
        {
            throw new LoadTargetException("rejected", $"Batch for {userId} rejected: {result.Errors[0].Field}: {result.Errors[0].Message}");
        }
    }

    /// <inheritdoc />
    public async ValueTask RecommendAsync(string userId, int k)
    {
        var request = _request;
        if (request.K != k)
        {
            _request = request = new RecommendationRequest(K: k);
        }

        await Grains.GetGrain<IUserGrain>(userId).RecommendAsync(request);
    }

    /// <inheritdoc />
    public abstract ValueTask DisposeAsync();
}
