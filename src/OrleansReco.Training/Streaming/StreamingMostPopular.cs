namespace OrleansReco.Training.Streaming;

/// <summary>MostPop for protocol P: interaction counts from the warm-up, incremented as events arrive.</summary>
public sealed class StreamingMostPopular : ScoringStreamingRecommender
{
    private float[] _counts = [];

    /// <inheritdoc />
    public override string Name => "MostPop";

    /// <inheritdoc />
    protected override void WarmUp(StreamingContext context)
    {
        _counts = new float[context.ItemCount];
        foreach (var e in context.WarmUp)
        {
            _counts[e.Item]++;
        }
    }

    /// <inheritdoc />
    protected override void Score(int user, Span<float> scores) => _counts.CopyTo(scores);

    /// <inheritdoc />
    protected override void Ingest(int user, int item, long timestamp) => _counts[item]++;
}
