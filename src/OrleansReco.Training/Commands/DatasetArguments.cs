using OrleansReco.Training.Data;

namespace OrleansReco.Training.Commands;

/// <summary>Shared handling of <c>--data</c>.</summary>
internal static class DatasetArguments
{
    public const string Usage = "  --data <folder>     MovieLens folder (ml-100k or ml-latest layout; default: the ml-100k found via ORLEANSRECO_DATASETS or ../shared/datasets)";

    public static InteractionDataset Load(CommandLine args, ProgressLog log)
    {
        var folder = args.Optional("data") ?? DatasetLocator.Find("ml-100k")
            ?? throw new UsageException($"No --data given and no ml-100k found. {MovieLensLoader.DownloadHint}");
        var dataset = MovieLensLoader.Load(folder);
        log.Info($"Loaded {dataset.Name} ({dataset.Format}): {dataset.UserCount} users, {dataset.ItemCount} items, {dataset.Interactions.Length} interactions");
        foreach (var warning in dataset.Warnings)
        {
            log.Info("warning: " + warning);
        }

        return dataset;
    }
}
