using Microsoft.Extensions.Logging;
using OrleansReco.Abstractions;
using OrleansReco.Learning.Model;
using OrleansReco.Learning.Rollover;

namespace OrleansReco.Grains.Catalog;

/// <summary>The model-rollover half of <see cref="CatalogGrain"/>: aligning a published model to the served one.</summary>
public sealed partial class CatalogGrain
{
    /// <summary>
    /// The model to serve (rotated into the served space when alignment is asked for and possible, else the model as it
    /// came) and the rollover record the user grains move by.
    /// </summary>
    private (ItemModel Served, ModelRollover Rollover) AlignToServed(ItemModel model, bool align)
    {
        var previous = Current;
        var minimum = Math.Max(model.Dimensions, options.Value.AlignmentMinimumSharedItems);
        ModelAlignmentInfo Outcome(bool aligned, int shared, float? residual, string message) =>
            new(previous.ModelVersion, align, aligned, shared, minimum, residual, message);

        ModelAlignmentInfo info;
        var served = model;
        if (!align)
        {
            info = Outcome(false, SharedCount(model, previous.ItemIds), null, "Published without alignment, as requested; users re-learn from their replay buffers.");
        }
        else if (previous.Dimensions != model.Dimensions)
        {
            info = Outcome(false, 0, null,
                $"Not aligned: the new model has {model.Dimensions} dimensions, the served one {previous.Dimensions}; users re-learn from their replay buffers.");
        }
        else if (ModelAlignment.Fit(model, previous.ItemIds, previous.Vectors, minimum, out var shared) is not { } fit)
        {
            info = Outcome(false, shared, null,
                $"Not aligned: the models share {shared} item(s), alignment needs at least {minimum}; users re-learn from their replay buffers.");
        }
        else
        {
            served = ModelAlignment.Rotate(model, fit.Rotation);
            info = Outcome(true, fit.SharedItems, fit.RelativeResidual,
                $"Aligned to model version {previous.ModelVersion} over {fit.SharedItems} shared items (relative residual {fit.RelativeResidual:F4}); users keep their vectors.");
        }

        if (info.Aligned)
        {
            LogAligned(logger, model.ModelVersion, previous.ModelVersion, info.SharedItems, info.RelativeResidual ?? 0f);
        }
        else
        {
            LogNotAligned(logger, model.ModelVersion, previous.ModelVersion, info.Message);
        }

        return (served, new ModelRollover(previous.ModelVersion, previous.ItemIds, info));
    }

    private static int SharedCount(ItemModel model, string[] previousIds)
    {
        var previous = new HashSet<string>(previousIds, StringComparer.Ordinal);
        var shared = 0;
        foreach (var item in model.Items)
        {
            shared += previous.Contains(item.Id) ? 1 : 0;
        }

        return shared;
    }

    [LoggerMessage(6, LogLevel.Information, "Model version {ModelVersion} aligned to version {PreviousVersion} over {Shared} shared items, relative residual {Residual:F4}")]
    private static partial void LogAligned(ILogger logger, long modelVersion, long previousVersion, int shared, float residual);

    [LoggerMessage(7, LogLevel.Warning, "Model version {ModelVersion} published over version {PreviousVersion} without alignment: {Reason}")]
    private static partial void LogNotAligned(ILogger logger, long modelVersion, long previousVersion, string reason);
}
