using OrleansReco.Training.Numerics;

namespace OrleansReco.Training.Streaming;

/// <summary>Base for in-process streaming models that score every item densely; ranking and exclusion are shared.</summary>
public abstract class ScoringStreamingRecommender : IStreamingRecommender
{
    private float[] _scores = [];

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public ValueTask WarmUpAsync(StreamingContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _scores = new float[context.ItemCount];
        WarmUp(context);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<int>> RankAsync(int user, int k, Func<int, bool> exclude, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(exclude);
        var scores = _scores;
        Score(user, scores);
        for (var i = 0; i < scores.Length; i++)
        {
            if (exclude(i))
            {
                scores[i] = float.NegativeInfinity;
            }
        }

        var top = new int[k];
        var count = ScoreSelection.Top(scores, top);
        return ValueTask.FromResult<IReadOnlyList<int>>(count == k ? top : top[..count]);
    }

    /// <inheritdoc />
    public ValueTask IngestAsync(int user, int item, long timestamp, CancellationToken cancellationToken)
    {
        Ingest(user, item, timestamp);
        return ValueTask.CompletedTask;
    }

    /// <summary>Fits on the warm-up.</summary>
    protected abstract void WarmUp(StreamingContext context);

    /// <summary>Writes every item's score for <paramref name="user"/>; −∞ for items the model cannot rank.</summary>
    protected abstract void Score(int user, Span<float> scores);

    /// <summary>Records one replayed event.</summary>
    protected abstract void Ingest(int user, int item, long timestamp);
}
