using System.Globalization;
using OrleansReco.Learning;
using OrleansReco.Learning.Model;
using OrleansReco.Learning.Towers;
using OrleansReco.Training.Data;

namespace OrleansReco.Training.Torch;

/// <summary>
/// What <see cref="HybridTraining.Fit(InteractionDataset, Interaction[], HybridOptions, ProgressLog, CancellationToken)"/>
/// produced: the item space, the users' trained vectors, the towers, and the model file to ship.
/// </summary>
public sealed class HybridModelResult
{
    private readonly InteractionDataset _dataset;

    internal HybridModelResult(InteractionDataset dataset, HybridOptions options, HybridFit fit, TowerSet? towers, double seconds)
    {
        _dataset = dataset;
        Options = options;
        Fit = fit;
        Towers = towers;
        Seconds = seconds;
        var d = options.Dimensions;
        var vectors = (float[])fit.ItemVectors.Clone();
        if (towers?.Content is { } content)
        {
            ContentVectors = new float[dataset.ItemCount * d];
            for (var i = 0; i < dataset.ItemCount; i++)
            {
                var row = ContentVectors.AsSpan(i * d, d);
                var info = dataset.Items[i];
                content.Embed(info.Categories, ReleaseYear.FromTitle(info.Title), row);
                if (!fit.TrainedItems[i])
                {
                    row.CopyTo(vectors.AsSpan(i * d, d));
                }
            }
        }

        Items = new ItemVectors(vectors, d);
    }

    /// <summary>The options used.</summary>
    public HybridOptions Options { get; }

    /// <summary>Training history and the raw trained vectors (rows of untrained items/users are meaningless).</summary>
    public HybridFit Fit { get; }

    /// <summary>Vector dimension d.</summary>
    public int Dimensions => Options.Dimensions;

    /// <summary>
    /// One vector per catalogue item (dense item index): the hybrid vector of an item seen in training
    /// (<see cref="TrainedItems"/>), the content-tower vector of any other item (zero without a content tower).
    /// </summary>
    public ItemVectors Items { get; }

    /// <summary>True for items seen in the training events.</summary>
    public bool[] TrainedItems => Fit.TrainedItems;

    /// <summary>Content-tower vector of every catalogue item, [items × d] (null without a content tower).</summary>
    public float[]? ContentVectors { get; }

    /// <summary>Trained user vectors, [users × d]; rows of users absent from training are meaningless.</summary>
    public float[] UserVectors => Fit.UserVectors;

    /// <summary>True for users seen in the training events.</summary>
    public bool[] TrainedUsers => Fit.TrainedUsers;

    /// <summary>The cold-start towers (null when none was trained).</summary>
    public TowerSet? Towers { get; }

    /// <summary>Wall-clock training time.</summary>
    public double Seconds { get; }

    /// <summary>Initial vector of a new user from the demographic tower, or null when there is no user tower.</summary>
    public float[]? InitialUserVector(UserAttributes attributes) => Towers?.User?.Embed(attributes);

    /// <summary>The demographic tower as a function, or null when there is no user tower.</summary>
    public Func<UserAttributes, float[]>? UserInitializer => Towers?.User is { } user ? user.Embed : null;

    /// <summary>
    /// The model to write with <see cref="ItemModelFile"/>: catalogue items in dense index order (all of them, or only
    /// the trained ones), their <see cref="Items"/> vectors, the towers and metadata.
    /// </summary>
    public ItemModel ToItemModel(long modelVersion, bool includeUntrainedItems = true)
    {
        var d = Dimensions;
        var entries = new List<ItemModelEntry>();
        var vectors = new List<float>();
        var contentOnly = 0;
        for (var i = 0; i < _dataset.ItemCount; i++)
        {
            var trained = TrainedItems[i];
            if (!trained && (!includeUntrainedItems || ContentVectors is null))
            {
                continue;
            }

            contentOnly += trained ? 0 : 1;
            var info = _dataset.Items[i];
            entries.Add(new ItemModelEntry(info.Id, info.Title, info.Categories));
            vectors.AddRange(Items[i].ToArray());
        }

        var towers = new Dictionary<string, TowerWeights>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["algorithm"] = "hybrid-torch",
            ["scoring"] = "dot",
            ["normalized"] = "false",
            ["hybrid.loss"] = Options.Loss == HybridLoss.Bpr ? "bpr" : "softmax",
            ["hybrid.epochs"] = Fit.BestEpoch.ToString(CultureInfo.InvariantCulture),
            ["hybrid.validation_recall@20"] = Fit.BestValidationRecall20.ToString("G6", CultureInfo.InvariantCulture),
            ["hybrid.options"] = Options.ToString(),
            ["hybrid.content_only_items"] = contentOnly.ToString(CultureInfo.InvariantCulture),
            ["dataset"] = _dataset.Name,
            ["dataset.format"] = _dataset.Format,
            ["dataset.users"] = _dataset.UserCount.ToString(CultureInfo.InvariantCulture),
            ["created_utc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        Towers?.Write(towers, metadata);
        return new ItemModel(modelVersion, d, entries, [.. vectors], towers, metadata);
    }
}
