using OrleansReco.Training.Data;

namespace OrleansReco.Training.Streaming;

/// <summary>What a streaming model may see before the replay: the catalogue and user ids, and the warm-up events.</summary>
public sealed class StreamingContext(InteractionDataset dataset, Interaction[] warmUp)
{
    /// <summary>The data set (ids, titles, categories, demographics). Its interactions must not be read: use <see cref="WarmUp"/>.</summary>
    public InteractionDataset Dataset { get; } = dataset ?? throw new ArgumentNullException(nameof(dataset));

    /// <summary>The warm-up events in time order.</summary>
    public Interaction[] WarmUp { get; } = warmUp ?? throw new ArgumentNullException(nameof(warmUp));

    /// <summary>Number of user indices.</summary>
    public int UserCount => Dataset.UserCount;

    /// <summary>Number of item indices.</summary>
    public int ItemCount => Dataset.ItemCount;

    /// <summary>The warm-up as a binary matrix over all user and item indices.</summary>
    public InteractionMatrix WarmUpMatrix() => InteractionMatrix.From(WarmUp, UserCount, ItemCount);
}
