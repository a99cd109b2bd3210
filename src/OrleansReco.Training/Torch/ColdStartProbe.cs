using OrleansReco.Training.Streaming;

namespace OrleansReco.Training.Torch;

/// <summary>
/// Wraps a protocol P model to measure the cold-start slices the evaluator does not report: the first replayed event
/// of each user unknown at warm-up, all events of such users, and events on items unknown at warm-up (HitRate@10).
/// </summary>
public sealed class ColdStartProbe(IStreamingRecommender inner) : IStreamingRecommender
{
    private readonly HashSet<int> _warmUsers = [];
    private readonly HashSet<int> _warmItems = [];
    private readonly HashSet<int> _startedUsers = [];
    private IReadOnlyList<int> _lastRanked = [];
    private int _lastUser = -1;

    /// <inheritdoc />
    public string Name => inner.Name;

    /// <summary>First events of new users, and how many of them were in the top 10.</summary>
    public (int Events, int Hits) FirstEvents { get; private set; }

    /// <summary>All events of new users.</summary>
    public (int Events, int Hits) NewUserEvents { get; private set; }

    /// <summary>Events on items unknown at warm-up.</summary>
    public (int Events, int Hits) NewItemEvents { get; private set; }

    /// <inheritdoc />
    public ValueTask WarmUpAsync(StreamingContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var e in context.WarmUp)
        {
            _warmUsers.Add(e.User);
            _warmItems.Add(e.Item);
        }

        return inner.WarmUpAsync(context, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<int>> RankAsync(int user, int k, Func<int, bool> exclude, CancellationToken cancellationToken)
    {
        var ranked = await inner.RankAsync(user, k, exclude, cancellationToken).ConfigureAwait(false);
        _lastUser = user;
        _lastRanked = ranked;
        return ranked;
    }

    /// <inheritdoc />
    public ValueTask IngestAsync(int user, int item, long timestamp, CancellationToken cancellationToken)
    {
        var hit = user == _lastUser && _lastRanked.Take(10).Contains(item) ? 1 : 0;
        if (!_warmUsers.Contains(user))
        {
            NewUserEvents = (NewUserEvents.Events + 1, NewUserEvents.Hits + hit);
            if (_startedUsers.Add(user))
            {
                FirstEvents = (FirstEvents.Events + 1, FirstEvents.Hits + hit);
            }
        }

        if (!_warmItems.Contains(item))
        {
            NewItemEvents = (NewItemEvents.Events + 1, NewItemEvents.Hits + hit);
        }

        return inner.IngestAsync(user, item, timestamp, cancellationToken);
    }
}
