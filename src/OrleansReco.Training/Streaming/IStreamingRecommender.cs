namespace OrleansReco.Training.Streaming;

/// <summary>
/// A model replayed by protocol P (prequential, global time). The evaluator calls <see cref="WarmUpAsync"/> once, then
/// for each replayed event (u, i, t) in time order: <see cref="RankAsync"/> for u, and then <see cref="IngestAsync"/>
/// of the event. Users and items are dense indices of <see cref="StreamingContext.Dataset"/> (its <c>UserIds</c> and
/// <c>Items[i].Id</c> give the original ids, e.g. for grain keys). Implementations backed by grains may do real
/// asynchronous work in every call; the evaluator awaits each call before the next.
/// </summary>
public interface IStreamingRecommender
{
    /// <summary>Name in reports.</summary>
    string Name { get; }

    /// <summary>Fits or loads the model from the warm-up events (the first 80 % by time); nothing later is visible.</summary>
    ValueTask WarmUpAsync(StreamingContext context, CancellationToken cancellationToken);

    /// <summary>
    /// The best <paramref name="k"/> items for <paramref name="user"/>, best first. Items for which
    /// <paramref name="exclude"/> returns true (not yet known to the system, or already interacted with by the user)
    /// must not be returned; fewer than k items may be returned. <paramref name="exclude"/> is only valid during the call.
    /// </summary>
    ValueTask<IReadOnlyList<int>> RankAsync(int user, int k, Func<int, bool> exclude, CancellationToken cancellationToken);

    /// <summary>Learns from (or merely records) the event after it has been ranked.</summary>
    ValueTask IngestAsync(int user, int item, long timestamp, CancellationToken cancellationToken);
}
