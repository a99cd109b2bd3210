using OrleansReco.Learning.Model;

namespace OrleansReco.Learning.Towers;

/// <summary>
/// The cold-start towers shipped in a model file: the demographic user tower (<see cref="UserTowerName"/>) and the
/// content item tower (<see cref="ContentTowerName"/>); either may be absent. Both output vectors of the model's
/// dimension, in the space of its item vectors.
/// </summary>
public sealed class TowerSet
{
    /// <summary>Blob/metadata prefix of the user tower.</summary>
    public const string UserTowerName = "user_tower";

    /// <summary>Blob/metadata prefix of the content tower.</summary>
    public const string ContentTowerName = "content_tower";

    /// <summary>Metadata key of the tower format version.</summary>
    public const string FormatKey = "towers.format";

    /// <summary>The tower format this code writes and reads.</summary>
    public const string FormatVersion = "1";

    /// <summary>Creates a set; throws when both are null or their dimensions differ.</summary>
    public TowerSet(ColdStartTower? user, ContentTower? content)
    {
        if (user is null && content is null)
        {
            throw new ArgumentException("A tower set needs at least one tower.");
        }

        if (user is not null && content is not null && user.Dimensions != content.Dimensions)
        {
            throw new ArgumentException($"The user tower gives {user.Dimensions} dimensions but the content tower {content.Dimensions}.");
        }

        User = user;
        Content = content;
    }

    /// <summary>Demographic/context tower, or null.</summary>
    public ColdStartTower? User { get; }

    /// <summary>Content tower, or null.</summary>
    public ContentTower? Content { get; }

    /// <summary>Output dimension d.</summary>
    public int Dimensions => User?.Dimensions ?? Content!.Dimensions;

    /// <summary>
    /// The towers of <paramref name="model"/>, or null when it carries none. Throws <see cref="InvalidDataException"/>
    /// when towers are present but incomplete, malformed, or of another dimension than the item vectors.
    /// </summary>
    public static TowerSet? TryLoad(ItemModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return TryLoad(model.Towers, model.Metadata, model.Dimensions);
    }

    /// <summary>
    /// The towers among <paramref name="towers"/> (a model's tower blobs and metadata, as shipped to the silos), or null when
    /// there are none. Throws <see cref="InvalidDataException"/> when towers are present but incomplete, malformed, or of
    /// another dimension than <paramref name="dimensions"/>.
    /// </summary>
    public static TowerSet? TryLoad(IReadOnlyDictionary<string, TowerWeights> towers, IReadOnlyDictionary<string, string> metadata, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(towers);
        ArgumentNullException.ThrowIfNull(metadata);
        var hasUser = DenseTower.IsPresent(towers, UserTowerName);
        var hasContent = DenseTower.IsPresent(towers, ContentTowerName);
        if (!hasUser && !hasContent)
        {
            return null;
        }

        if (metadata.TryGetValue(FormatKey, out var format) && format != FormatVersion)
        {
            throw new InvalidDataException($"Tower format '{format}' is not supported; this reader supports '{FormatVersion}'.");
        }

        var user = hasUser ? ColdStartTower.Read(UserTowerName, towers, metadata) : null;
        var content = hasContent ? ContentTower.Read(ContentTowerName, towers, metadata) : null;
        if ((user is not null && user.Dimensions != dimensions) || (content is not null && content.Dimensions != dimensions))
        {
            throw new InvalidDataException($"The towers output {user?.Dimensions ?? content!.Dimensions} dimensions but the item vectors have {dimensions}.");
        }

        return new TowerSet(user, content);
    }

    /// <summary>Adds every tower's blobs and metadata, for an <see cref="ItemModel"/> to be written.</summary>
    public void Write(IDictionary<string, TowerWeights> towers, IDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(towers);
        ArgumentNullException.ThrowIfNull(metadata);
        metadata[FormatKey] = FormatVersion;
        User?.Write(UserTowerName, towers, metadata);
        Content?.Write(ContentTowerName, towers, metadata);
    }
}
