using OrleansReco.Training.Data;

namespace OrleansReco.Training.Models;

/// <summary>MostPop: the score of an item is the number of users who interacted with it in training.</summary>
public sealed class MostPopular : IStaticRecommender
{
    private float[] _counts = [];

    /// <inheritdoc />
    public string Name => "MostPop";

    /// <summary>The fitted popularity counts.</summary>
    public ReadOnlySpan<float> Counts => _counts;

    /// <inheritdoc />
    public void Fit(InteractionMatrix train, ProgressLog log)
    {
        ArgumentNullException.ThrowIfNull(train);
        _counts = new float[train.ItemCount];
        for (var i = 0; i < train.ItemCount; i++)
        {
            _counts[i] = train.ItemDegree(i);
        }
    }

    /// <inheritdoc />
    public void Score(int user, ReadOnlySpan<int> history, Span<float> scores) => _counts.CopyTo(scores);
}
