using OrleansReco.Learning.Model;

namespace OrleansReco.Learning.Towers;

/// <summary>
/// The content-only item tower: (categories, release year) → an item vector in the same space as the trained item
/// vectors, so an item that is new since training can be ranked at once. Trained offline for exactly that purpose
/// (its vector must rank the item among ID-trained vectors); evaluated here without TorchSharp. Thread-safe.
/// </summary>
public sealed class ContentTower
{
    /// <summary>Creates the tower; throws when the encoder's width is not the network's input width.</summary>
    public ContentTower(ContentFeatureEncoder encoder, DenseTower network)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(network);
        if (encoder.FeatureCount != network.InputSize)
        {
            throw new ArgumentException($"The encoder gives {encoder.FeatureCount} features but the network takes {network.InputSize}.");
        }

        Encoder = encoder;
        Network = network;
    }

    /// <summary>Feature encoding (genre vocabulary, year buckets).</summary>
    public ContentFeatureEncoder Encoder { get; }

    /// <summary>The dense network.</summary>
    public DenseTower Network { get; }

    /// <summary>Output dimension d.</summary>
    public int Dimensions => Network.OutputSize;

    /// <summary>Writes the content vector of an item to <paramref name="vector"/> (length d); allocation-free.</summary>
    public void Embed(IReadOnlyList<string> categories, int? year, Span<float> vector) =>
        Network.Forward((Encoder, categories, year), static (s, features) => s.Encoder.Encode(s.categories, s.year, features), vector);

    /// <summary>The content vector of a catalogue entry (categories, and the year parsed from its title).</summary>
    public void Embed(ItemModelEntry item, Span<float> vector)
    {
        ArgumentNullException.ThrowIfNull(item);
        Embed(item.Categories, ReleaseYear.FromTitle(item.Title), vector);
    }

    /// <summary>The content vector as a new array.</summary>
    public float[] Embed(IReadOnlyList<string> categories, int? year)
    {
        var vector = new float[Dimensions];
        Embed(categories, year, vector);
        return vector;
    }

    /// <summary>Adds the blobs and metadata of this tower under <paramref name="name"/>.</summary>
    public void Write(string name, IDictionary<string, TowerWeights> towers, IDictionary<string, string> metadata)
    {
        Network.Write(name, towers, metadata);
        Encoder.Write(name, metadata);
    }

    /// <summary>Reads a tower written by <see cref="Write"/>; throws <see cref="InvalidDataException"/> naming the problem.</summary>
    public static ContentTower Read(string name, IReadOnlyDictionary<string, TowerWeights> towers, IReadOnlyDictionary<string, string> metadata)
    {
        var network = DenseTower.Read(towers, metadata, name);
        var encoder = ContentFeatureEncoder.Read(name, metadata);
        if (encoder.FeatureCount != network.InputSize)
        {
            throw new InvalidDataException($"Tower '{name}': the vocabularies give {encoder.FeatureCount} features but layer 0 takes {network.InputSize}.");
        }

        return new ContentTower(encoder, network);
    }
}
