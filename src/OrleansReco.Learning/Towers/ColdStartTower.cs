using OrleansReco.Learning.Model;

namespace OrleansReco.Learning.Towers;

/// <summary>
/// The demographic/context user tower: <see cref="UserAttributes"/> → an initial user vector in the item space, for
/// a user with no interaction yet. Trained offline (ranking each training user's items against the fixed item
/// vectors); evaluated here without TorchSharp. Thread-safe.
/// </summary>
public sealed class ColdStartTower
{
    /// <summary>Creates the tower; throws when the encoder's width is not the network's input width.</summary>
    public ColdStartTower(UserFeatureEncoder encoder, DenseTower network)
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

    /// <summary>Feature encoding (vocabularies).</summary>
    public UserFeatureEncoder Encoder { get; }

    /// <summary>The dense network.</summary>
    public DenseTower Network { get; }

    /// <summary>Output dimension d.</summary>
    public int Dimensions => Network.OutputSize;

    /// <summary>Writes the initial vector for <paramref name="attributes"/> to <paramref name="vector"/> (length d); allocation-free.</summary>
    public void Embed(UserAttributes attributes, Span<float> vector)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        Network.Forward((Encoder, attributes), static (s, features) => s.Encoder.Encode(s.attributes, features), vector);
    }

    /// <summary>The initial vector for <paramref name="attributes"/> as a new array.</summary>
    public float[] Embed(UserAttributes attributes)
    {
        var vector = new float[Dimensions];
        Embed(attributes, vector);
        return vector;
    }

    /// <summary>Adds the blobs and metadata of this tower under <paramref name="name"/>.</summary>
    public void Write(string name, IDictionary<string, TowerWeights> towers, IDictionary<string, string> metadata)
    {
        Network.Write(name, towers, metadata);
        Encoder.Write(name, metadata);
    }

    /// <summary>Reads a tower written by <see cref="Write"/>; throws <see cref="InvalidDataException"/> naming the problem.</summary>
    public static ColdStartTower Read(string name, IReadOnlyDictionary<string, TowerWeights> towers, IReadOnlyDictionary<string, string> metadata)
    {
        var network = DenseTower.Read(towers, metadata, name);
        var encoder = UserFeatureEncoder.Read(name, metadata);
        if (encoder.FeatureCount != network.InputSize)
        {
            throw new InvalidDataException($"Tower '{name}': the vocabularies give {encoder.FeatureCount} features but layer 0 takes {network.InputSize}.");
        }

        return new ColdStartTower(encoder, network);
    }
}
