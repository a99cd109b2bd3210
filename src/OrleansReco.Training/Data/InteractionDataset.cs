namespace OrleansReco.Training.Data;

/// <summary>
/// A loaded data set with dense indices: users 0..UserCount-1 and items 0..ItemCount-1 in ascending order of
/// their original ids (numeric order when the ids are numbers), and the interactions sorted in the protocol
/// order (timestamp, user, item), one per (user, item) pair.
/// </summary>
public sealed class InteractionDataset
{
    /// <summary>Creates a data set; <paramref name="interactions"/> must already be sorted and de-duplicated.</summary>
    public InteractionDataset(string name, string format, IReadOnlyList<string> userIds, IReadOnlyList<ItemInfo> items,
        IReadOnlyList<UserInfo?> users, Interaction[] interactions, IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(interactions);
        if (users.Count != userIds.Count)
        {
            throw new ArgumentException("One user entry (possibly null) is needed per user id.", nameof(users));
        }

        Name = name;
        Format = format;
        UserIds = userIds;
        Items = items;
        Users = users;
        Interactions = interactions;
        Warnings = warnings;
    }

    /// <summary>Display name (the folder name).</summary>
    public string Name { get; }

    /// <summary>"ml-100k" or "ml-latest".</summary>
    public string Format { get; }

    /// <summary>Original user ids by dense index.</summary>
    public IReadOnlyList<string> UserIds { get; }

    /// <summary>Item metadata by dense index (original id, title, categories).</summary>
    public IReadOnlyList<ItemInfo> Items { get; }

    /// <summary>User demographics by dense index; entries are null when the format has none.</summary>
    public IReadOnlyList<UserInfo?> Users { get; }

    /// <summary>All interactions in protocol order.</summary>
    public Interaction[] Interactions { get; }

    /// <summary>Non-fatal findings of the loader (skipped trailing line, duplicates, unknown item ids).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Number of users.</summary>
    public int UserCount => UserIds.Count;

    /// <summary>Number of items in the catalogue (rated or not).</summary>
    public int ItemCount => Items.Count;
}
