using System.Globalization;

namespace OrleansReco.Learning.Towers;

/// <summary>
/// Turns <see cref="UserAttributes"/> into the demographic tower's input: one-hot blocks, in this order, for the age
/// bucket, gender, occupation, zip-code prefix and device, each block starting with its "unknown" slot. The trainer
/// encodes its training rows with this same class, so training and serving cannot disagree.
/// </summary>
public sealed class UserFeatureEncoder
{
    /// <summary>The MovieLens-1M age groups: &lt;18, 18–24, 25–34, 35–44, 45–49, 50–55, ≥56.</summary>
    public static IReadOnlyList<int> DefaultAgeEdges { get; } = [18, 25, 35, 45, 50, 56];

    /// <summary>Creates an encoder from its vocabularies.</summary>
    public UserFeatureEncoder(NumericBuckets ageBuckets, CategoryVocabulary genders, CategoryVocabulary occupations,
        int zipPrefixLength, CategoryVocabulary zipPrefixes, CategoryVocabulary devices)
    {
        ArgumentNullException.ThrowIfNull(ageBuckets);
        ArgumentNullException.ThrowIfNull(genders);
        ArgumentNullException.ThrowIfNull(occupations);
        ArgumentNullException.ThrowIfNull(zipPrefixes);
        ArgumentNullException.ThrowIfNull(devices);
        ArgumentOutOfRangeException.ThrowIfLessThan(zipPrefixLength, 1);
        AgeBuckets = ageBuckets;
        Genders = genders;
        Occupations = occupations;
        ZipPrefixLength = zipPrefixLength;
        ZipPrefixes = zipPrefixes;
        Devices = devices;
        FeatureCount = ageBuckets.Count + genders.Count + occupations.Count + zipPrefixes.Count + devices.Count;
    }

    /// <summary>Age buckets.</summary>
    public NumericBuckets AgeBuckets { get; }

    /// <summary>Gender values.</summary>
    public CategoryVocabulary Genders { get; }

    /// <summary>Occupation values.</summary>
    public CategoryVocabulary Occupations { get; }

    /// <summary>Characters of the zip code that form the prefix.</summary>
    public int ZipPrefixLength { get; }

    /// <summary>Zip prefixes seen often enough in training.</summary>
    public CategoryVocabulary ZipPrefixes { get; }

    /// <summary>Device/context values (empty when the training data had none: every device is then "unknown").</summary>
    public CategoryVocabulary Devices { get; }

    /// <summary>Input width of the tower.</summary>
    public int FeatureCount { get; }

    /// <summary>Writes the one-hot encoding of <paramref name="attributes"/> to <paramref name="features"/>; allocation-free.</summary>
    public void Encode(UserAttributes attributes, Span<float> features)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if (features.Length != FeatureCount)
        {
            throw new ArgumentException($"Expected {FeatureCount} features, got a span of {features.Length}.", nameof(features));
        }

        features.Clear();
        var offset = 0;
        features[offset + AgeBuckets.SlotOf(attributes.Age is >= 0 ? attributes.Age : null)] = 1f;
        offset += AgeBuckets.Count;
        features[offset + GenderSlot(attributes.Gender)] = 1f;
        offset += Genders.Count;
        features[offset + Occupations.SlotOf(attributes.Occupation)] = 1f;
        offset += Occupations.Count;
        features[offset + ZipPrefixes.SlotOf(ZipPrefix(attributes.ZipCode, ZipPrefixLength))] = 1f;
        offset += ZipPrefixes.Count;
        features[offset + Devices.SlotOf(attributes.Device)] = 1f;
    }

    /// <summary>
    /// The first <paramref name="length"/> characters of a trimmed zip code when they are all letters or digits,
    /// else empty (unknown).
    /// </summary>
    public static ReadOnlySpan<char> ZipPrefix(string? zipCode, int length)
    {
        var zip = zipCode.AsSpan().Trim();
        if (zip.Length < length)
        {
            return [];
        }

        var prefix = zip[..length];
        foreach (var c in prefix)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return [];
            }
        }

        return prefix;
    }

    /// <summary>Writes the vocabularies as metadata under <paramref name="prefix"/> (e.g. "user_tower").</summary>
    public void Write(string prefix, IDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        metadata[prefix + ".input"] = "age,gender,occupation,zip_prefix,device";
        metadata[prefix + ".age_buckets"] = AgeBuckets.ToJson();
        metadata[prefix + ".genders"] = Genders.ToJson();
        metadata[prefix + ".occupations"] = Occupations.ToJson();
        metadata[prefix + ".zip_prefix_length"] = ZipPrefixLength.ToString(CultureInfo.InvariantCulture);
        metadata[prefix + ".zip_prefixes"] = ZipPrefixes.ToJson();
        metadata[prefix + ".devices"] = Devices.ToJson();
    }

    /// <summary>Reads <see cref="Write"/>; throws <see cref="InvalidDataException"/> naming a missing or malformed key.</summary>
    public static UserFeatureEncoder Read(string prefix, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var zipLength = Get(metadata, prefix + ".zip_prefix_length");
        if (!int.TryParse(zipLength, NumberStyles.Integer, CultureInfo.InvariantCulture, out var length) || length < 1)
        {
            throw new InvalidDataException($"Metadata '{prefix}.zip_prefix_length' = '{zipLength}' is not a positive integer.");
        }

        return new UserFeatureEncoder(
            NumericBuckets.FromJson(Get(metadata, prefix + ".age_buckets"), prefix + ".age_buckets"),
            CategoryVocabulary.FromJson(Get(metadata, prefix + ".genders"), prefix + ".genders"),
            CategoryVocabulary.FromJson(Get(metadata, prefix + ".occupations"), prefix + ".occupations"),
            length,
            CategoryVocabulary.FromJson(Get(metadata, prefix + ".zip_prefixes"), prefix + ".zip_prefixes"),
            CategoryVocabulary.FromJson(Get(metadata, prefix + ".devices"), prefix + ".devices"));
    }

    internal static string Get(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) ? value : throw new InvalidDataException($"Metadata '{key}' is missing.");

    private int GenderSlot(string? gender)
    {
        var slot = Genders.SlotOf(gender);
        var trimmed = gender.AsSpan().Trim();
        return slot == 0 && trimmed.Length > 1 ? Genders.SlotOf(trimmed[..1]) : slot;
    }
}
