using OrleansReco.Learning.Towers;
using OrleansReco.Training.Data;

namespace OrleansReco.Training.Torch;

/// <summary>
/// Builds the cold-start feature vocabularies from training data and encodes the data set's items and users with the
/// run-time encoders of <c>OrleansReco.Learning.Towers</c>, so the towers see the same inputs offline and online.
/// </summary>
public static class TowerFeatures
{
    /// <summary>The attributes of a data set user (all unknown when the format has no demographics).</summary>
    public static UserAttributes AttributesOf(UserInfo? info) =>
        info is null ? UserAttributes.Unknown : new UserAttributes(info.Age, info.Gender, info.Occupation, info.ZipCode);

    /// <summary>
    /// Genre vocabulary (ordinal order) of the items marked in <paramref name="trainedItems"/> and year buckets at the
    /// quantiles of their release years (at most <paramref name="yearBuckets"/> buckets besides "unknown").
    /// </summary>
    public static ContentFeatureEncoder ContentEncoder(InteractionDataset dataset, bool[] trainedItems, int yearBuckets)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(trainedItems);
        var genres = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var years = new List<int>();
        for (var i = 0; i < dataset.ItemCount; i++)
        {
            if (!trainedItems[i])
            {
                continue;
            }

            foreach (var category in dataset.Items[i].Categories)
            {
                if (!string.IsNullOrWhiteSpace(category))
                {
                    genres.Add(category.Trim());
                }
            }

            if (ReleaseYear.FromTitle(dataset.Items[i].Title) is { } year)
            {
                years.Add(year);
            }
        }

        years.Sort();
        var edges = new SortedSet<int>();
        for (var q = 1; q < yearBuckets && years.Count > 0; q++)
        {
            edges.Add(years[(int)((long)q * years.Count / yearBuckets)]);
        }

        if (years.Count > 0 && edges.Min == years[0])
        {
            edges.Remove(years[0]);
        }

        return new ContentFeatureEncoder(new CategoryVocabulary(genres), new NumericBuckets(edges, 1800, 2200));
    }

    /// <summary>
    /// Age buckets (<see cref="UserFeatureEncoder.DefaultAgeEdges"/>), and the genders, occupations and zip prefixes of the
    /// users marked in <paramref name="trainedUsers"/> (a zip prefix needs <paramref name="minZipPrefixUsers"/> users);
    /// <paramref name="devices"/> when the data knows devices (none in MovieLens).
    /// </summary>
    public static UserFeatureEncoder UserEncoder(InteractionDataset dataset, bool[] trainedUsers, int minZipPrefixUsers, int zipPrefixLength,
        IReadOnlyList<string>? devices = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(trainedUsers);
        var genders = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var occupations = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var zips = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var u = 0; u < dataset.UserCount; u++)
        {
            if (!trainedUsers[u] || dataset.Users[u] is not { } info)
            {
                continue;
            }

            AddIfPresent(genders, info.Gender);
            AddIfPresent(occupations, info.Occupation);
            var prefix = UserFeatureEncoder.ZipPrefix(info.ZipCode, zipPrefixLength);
            if (!prefix.IsEmpty)
            {
                var key = prefix.ToString().ToUpperInvariant();
                zips[key] = zips.GetValueOrDefault(key) + 1;
            }
        }

        var zipPrefixes = zips.Where(z => z.Value >= Math.Max(1, minZipPrefixUsers)).Select(z => z.Key).Order(StringComparer.Ordinal);
        return new UserFeatureEncoder(new NumericBuckets(UserFeatureEncoder.DefaultAgeEdges, 1, 120), new CategoryVocabulary(genders),
            new CategoryVocabulary(occupations), zipPrefixLength, new CategoryVocabulary(zipPrefixes), new CategoryVocabulary(devices ?? []));
    }

    /// <summary>Every catalogue item's content features, [items × features] row-major.</summary>
    public static float[] EncodeItems(ContentFeatureEncoder encoder, InteractionDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(dataset);
        var f = encoder.FeatureCount;
        var table = new float[dataset.ItemCount * f];
        for (var i = 0; i < dataset.ItemCount; i++)
        {
            var item = dataset.Items[i];
            encoder.Encode(item.Categories, ReleaseYear.FromTitle(item.Title), table.AsSpan(i * f, f));
        }

        return table;
    }

    /// <summary>Every user's demographic features, [users × features] row-major.</summary>
    public static float[] EncodeUsers(UserFeatureEncoder encoder, InteractionDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(dataset);
        var f = encoder.FeatureCount;
        var table = new float[dataset.UserCount * f];
        for (var u = 0; u < dataset.UserCount; u++)
        {
            encoder.Encode(AttributesOf(dataset.Users[u]), table.AsSpan(u * f, f));
        }

        return table;
    }

    private static void AddIfPresent(SortedSet<string> set, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            set.Add(value.Trim());
        }
    }
}
