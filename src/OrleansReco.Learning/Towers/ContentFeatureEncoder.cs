using System.Numerics.Tensors;

namespace OrleansReco.Learning.Towers;

/// <summary>
/// Turns an item's content into the content tower's input: a genre block (slot 0 = "no known genre", then one slot
/// per genre holding 1/n for each of the item's n known genres) followed by a one-hot release-year bucket block
/// (slot 0 = unknown year). The trainer encodes its rows with this same class.
/// </summary>
public sealed class ContentFeatureEncoder
{
    /// <summary>Creates an encoder from the genre vocabulary and year buckets.</summary>
    public ContentFeatureEncoder(CategoryVocabulary genres, NumericBuckets years)
    {
        ArgumentNullException.ThrowIfNull(genres);
        ArgumentNullException.ThrowIfNull(years);
        Genres = genres;
        Years = years;
        FeatureCount = genres.Count + years.Count;
    }

    /// <summary>Genre vocabulary.</summary>
    public CategoryVocabulary Genres { get; }

    /// <summary>Release-year buckets.</summary>
    public NumericBuckets Years { get; }

    /// <summary>Input width of the tower.</summary>
    public int FeatureCount { get; }

    /// <summary>Writes the encoding of (<paramref name="categories"/>, <paramref name="year"/>) to <paramref name="features"/>; allocation-free.</summary>
    public void Encode(IReadOnlyList<string> categories, int? year, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(categories);
        if (features.Length != FeatureCount)
        {
            throw new ArgumentException($"Expected {FeatureCount} features, got a span of {features.Length}.", nameof(features));
        }

        features.Clear();
        var genres = features[..Genres.Count];
        var known = 0;
        for (var c = 0; c < categories.Count; c++)
        {
            var slot = Genres.SlotOf(categories[c]);
            if (slot > 0 && genres[slot] == 0f)
            {
                genres[slot] = 1f;
                known++;
            }
        }

        if (known == 0)
        {
            genres[0] = 1f;
        }
        else if (known > 1)
        {
            TensorPrimitives.Multiply(genres, 1f / known, genres);
        }

        features[Genres.Count + Years.SlotOf(year)] = 1f;
    }

    /// <summary>Writes the vocabularies as metadata under <paramref name="prefix"/> (e.g. "content_tower").</summary>
    public void Write(string prefix, IDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        metadata[prefix + ".input"] = "genres(mean of known, slot 0 = none),year_bucket";
        metadata[prefix + ".genres"] = Genres.ToJson();
        metadata[prefix + ".year_buckets"] = Years.ToJson();
    }

    /// <summary>Reads <see cref="Write"/>; throws <see cref="InvalidDataException"/> naming a missing or malformed key.</summary>
    public static ContentFeatureEncoder Read(string prefix, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return new ContentFeatureEncoder(
            CategoryVocabulary.FromJson(UserFeatureEncoder.Get(metadata, prefix + ".genres"), prefix + ".genres"),
            NumericBuckets.FromJson(UserFeatureEncoder.Get(metadata, prefix + ".year_buckets"), prefix + ".year_buckets"));
    }
}
