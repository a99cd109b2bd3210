using System.Globalization;
using OrleansReco.Learning.Model;
using OrleansReco.Learning.Towers;
using OrleansReco.Training.Data;

namespace OrleansReco.Training.Models;

/// <summary>Turns fitted iALS item factors and the data set's catalogue into the shipped <see cref="ItemModel"/>.</summary>
public static class ItemModelExport
{
    /// <summary>
    /// Builds the model: one entry per catalogue item (original id, title, categories) with its raw (not normalised)
    /// iALS vector, and the cold-start towers when given; the metadata records the algorithm, hyperparameters and data.
    /// </summary>
    public static ItemModel FromIals(InteractionDataset dataset, ImplicitAls als, long modelVersion, int trainingInteractions, TowerSet? towers = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(als);
        var items = new ItemModelEntry[dataset.ItemCount];
        for (var i = 0; i < items.Length; i++)
        {
            var info = dataset.Items[i];
            items[i] = new ItemModelEntry(info.Id, info.Title, info.Categories);
        }

        var options = als.Options;
        var metadata = new Dictionary<string, string>
        {
            ["algorithm"] = "ials",
            ["scoring"] = "dot",
            ["normalized"] = "false",
            ["ials.alpha"] = options.Alpha.ToString(CultureInfo.InvariantCulture),
            ["ials.regularization"] = options.Regularization.ToString(CultureInfo.InvariantCulture),
            ["ials.sweeps"] = options.Sweeps.ToString(CultureInfo.InvariantCulture),
            ["ials.seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["dataset"] = dataset.Name,
            ["dataset.format"] = dataset.Format,
            ["dataset.users"] = dataset.UserCount.ToString(CultureInfo.InvariantCulture),
            ["dataset.interactions"] = trainingInteractions.ToString(CultureInfo.InvariantCulture),
            ["created_utc"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };
        var blobs = new Dictionary<string, TowerWeights>();
        towers?.Write(blobs, metadata);
        return new ItemModel(modelVersion, options.Dimensions, items, als.ItemFactors, blobs, metadata);
    }
}
