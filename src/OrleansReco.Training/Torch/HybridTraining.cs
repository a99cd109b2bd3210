using System.Diagnostics;
using OrleansReco.Learning;
using OrleansReco.Learning.Towers;
using OrleansReco.Training.Data;
using OrleansReco.Training.Streaming;

namespace OrleansReco.Training.Torch;

/// <summary>
/// Entry points of the offline TorchSharp training: the hybrid item space (ID embedding + content features) with its
/// cold-start towers, or the towers alone against any fixed item space (e.g. iALS vectors). Nothing outside the given
/// training events is read besides the catalogue (titles, genres) and user demographics.
/// </summary>
public static class HybridTraining
{
    /// <summary>Trains on the warm-up of a protocol P replay (<see cref="StreamingContext.WarmUp"/>).</summary>
    public static HybridModelResult Fit(StreamingContext context, HybridOptions options, ProgressLog log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Fit(context.Dataset, context.WarmUp, options, log, cancellationToken);
    }

    /// <summary>
    /// Trains the hybrid model on <paramref name="train"/> (early stopping on a validation split cut by time from it),
    /// then the towers against the trained item vectors.
    /// </summary>
    public static HybridModelResult Fit(InteractionDataset dataset, Interaction[] train, HybridOptions options, ProgressLog log,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        ThrowIfInvalid(options);
        var clock = Stopwatch.StartNew();
        var trainedItems = Seen(train, dataset.ItemCount, e => e.Item);
        var encoder = TowerFeatures.ContentEncoder(dataset, trainedItems, options.YearBuckets);
        var contentTable = TowerFeatures.EncodeItems(encoder, dataset);
        log.Info($"hybrid: {train.Length} events, {trainedItems.Count(t => t)} items, {encoder.FeatureCount} content features, {options}");
        var fit = new HybridTrainer(options, log).Fit(dataset, train, contentTable, encoder.FeatureCount, cancellationToken);
        var items = new ItemVectors(fit.ItemVectors, options.Dimensions);
        var towers = TrainTowers(dataset, train, items, fit.UserVectors, options, log, cancellationToken);
        log.Info($"hybrid: done in {clock.Elapsed.TotalSeconds:F1}s");
        return new HybridModelResult(dataset, options, fit, towers, clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Trains the towers enabled in <see cref="HybridOptions.Towers"/> against a fixed item space: rows of
    /// <paramref name="items"/> of items seen in <paramref name="train"/> are the targets; <paramref name="userVectors"/>
    /// (one row per user index, e.g. iALS fold-in vectors; may be null) feed the content tower's ranking term and the user
    /// tower's regression term. Returns null when no tower is enabled.
    /// </summary>
    public static TowerSet? TrainTowers(InteractionDataset dataset, Interaction[] train, ItemVectors items, float[]? userVectors, HybridOptions options,
        ProgressLog log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        ThrowIfInvalid(options);
        if (items.Count != dataset.ItemCount || (userVectors is not null && userVectors.Length != dataset.UserCount * items.Dimensions))
        {
            throw new ArgumentException("Item vectors need one row per catalogue item and user vectors one row per user.");
        }

        var towerOptions = options.Towers;
        var trainedItems = Seen(train, dataset.ItemCount, e => e.Item);
        var trainedUsers = Seen(train, dataset.UserCount, e => e.User);
        var trainer = new TowerTrainer(towerOptions, options.Seed + 1, options.Threads, log);
        ContentTower? content = null;
        if (towerOptions.ContentTower)
        {
            var encoder = TowerFeatures.ContentEncoder(dataset, trainedItems, options.YearBuckets);
            content = trainer.TrainContent(encoder, TowerFeatures.EncodeItems(encoder, dataset), items, trainedItems, userVectors, trainedUsers, train,
                cancellationToken);
        }

        ColdStartTower? user = null;
        if (towerOptions.UserTower)
        {
            var encoder = TowerFeatures.UserEncoder(dataset, trainedUsers, towerOptions.MinZipPrefixUsers, towerOptions.ZipPrefixLength);
            user = trainer.TrainUser(encoder, TowerFeatures.EncodeUsers(encoder, dataset), dataset.UserCount, items, trainedItems, userVectors,
                trainedUsers, train, cancellationToken);
        }

        return user is null && content is null ? null : new TowerSet(user, content);
    }

    internal static bool[] Seen(Interaction[] events, int count, Func<Interaction, int> key)
    {
        var seen = new bool[count];
        foreach (var e in events)
        {
            seen[key(e)] = true;
        }

        return seen;
    }

    private static void ThrowIfInvalid(HybridOptions options)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid hybrid options: " + string.Join(" ", errors), nameof(options));
        }
    }
}
