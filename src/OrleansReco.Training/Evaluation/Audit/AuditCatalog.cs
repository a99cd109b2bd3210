using OrleansReco.Learning.Audit;
using OrleansReco.Training.Data;

namespace OrleansReco.Training.Evaluation.Audit;

/// <summary>
/// What a protocol's audit is measured against: the catalogue (items that could be recommended), each item's popularity
/// bucket from its training-interaction count, the items' genres and the users' demographic groups.
/// </summary>
public sealed class AuditCatalog
{
    private readonly int[][] _genres;

    /// <summary>
    /// The catalogue is the items with <paramref name="inCatalogue"/> set; <paramref name="trainCounts"/> are the
    /// interactions per item the models were fitted on (deciles over catalogue items with a count &gt; 0).
    /// </summary>
    public AuditCatalog(InteractionDataset dataset, ReadOnlySpan<bool> inCatalogue, ReadOnlySpan<int> trainCounts)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var items = new List<int>();
        for (var i = 0; i < dataset.ItemCount; i++)
        {
            if (inCatalogue[i])
            {
                items.Add(i);
            }
        }

        Items = [.. items];
        var counts = new int[Items.Length];
        for (var c = 0; c < Items.Length; c++)
        {
            counts[c] = trainCounts[Items[c]];
        }

        var catalogueBuckets = PopularityDeciles.Assign(counts);
        Buckets = new int[dataset.ItemCount];
        Array.Fill(Buckets, -1);
        BucketItems = new int[PopularityDeciles.Buckets];
        for (var c = 0; c < Items.Length; c++)
        {
            Buckets[Items[c]] = catalogueBuckets[c];
            BucketItems[catalogueBuckets[c]]++;
        }

        var vocabulary = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        _genres = new int[dataset.ItemCount][];
        for (var i = 0; i < dataset.ItemCount; i++)
        {
            var categories = dataset.Items[i].Categories;
            var ids = new int[categories.Count];
            for (var g = 0; g < ids.Length; g++)
            {
                if (!vocabulary.TryGetValue(categories[g], out ids[g]))
                {
                    ids[g] = vocabulary[categories[g]] = vocabulary.Count;
                }
            }

            _genres[i] = ids;
        }

        GenreCount = Math.Max(1, vocabulary.Count);
        Groups = new string[dataset.UserCount][];
        for (var u = 0; u < dataset.UserCount; u++)
        {
            var info = dataset.Users[u];
            var (gender, age, occupation) = DemographicGroups.Of(info?.Age, info?.Gender, info?.Occupation);
            Groups[u] = info is null ? [] : [gender, age, occupation];
        }
    }

    /// <summary>The catalogue's item indices.</summary>
    public int[] Items { get; }

    /// <summary>Popularity bucket per dataset item (<see cref="PopularityDeciles"/>), −1 outside the catalogue.</summary>
    public int[] Buckets { get; }

    /// <summary>Catalogue items per bucket.</summary>
    public int[] BucketItems { get; }

    /// <summary>Number of distinct genres (at least 1).</summary>
    public int GenreCount { get; }

    /// <summary>Per user, its group in each of <see cref="DemographicGroups.Dimensions"/>; empty when unknown.</summary>
    public string[][] Groups { get; }

    /// <summary>The genre ids of an item.</summary>
    public ReadOnlySpan<int> GenresOf(int item) => _genres[item];
}
