namespace OrleansReco.Training.Data;

/// <summary>
/// The binary user × item matrix of a set of interactions in compressed form, both by user (CSR) and by item (CSC),
/// each row's indices sorted ascending. Repeated (user, item) pairs count once.
/// </summary>
public sealed class InteractionMatrix
{
    private readonly int[] _userOffsets;
    private readonly int[] _userItems;
    private readonly int[] _itemOffsets;
    private readonly int[] _itemUsers;

    private InteractionMatrix(int userCount, int itemCount, int[] userOffsets, int[] userItems, int[] itemOffsets, int[] itemUsers)
    {
        UserCount = userCount;
        ItemCount = itemCount;
        _userOffsets = userOffsets;
        _userItems = userItems;
        _itemOffsets = itemOffsets;
        _itemUsers = itemUsers;
    }

    /// <summary>Number of users (rows), including users without interactions.</summary>
    public int UserCount { get; }

    /// <summary>Number of items (columns), including items without interactions.</summary>
    public int ItemCount { get; }

    /// <summary>Number of distinct (user, item) pairs.</summary>
    public int NonZeros => _userItems.Length;

    /// <summary>Builds the matrix of <paramref name="interactions"/> over the given index ranges.</summary>
    public static InteractionMatrix From(ReadOnlySpan<Interaction> interactions, int userCount, int itemCount)
    {
        var pairs = new long[interactions.Length];
        for (var i = 0; i < interactions.Length; i++)
        {
            var e = interactions[i];
            if ((uint)e.User >= (uint)userCount || (uint)e.Item >= (uint)itemCount)
            {
                throw new ArgumentOutOfRangeException(nameof(interactions), $"Interaction ({e.User}, {e.Item}) is outside {userCount} × {itemCount}.");
            }

            pairs[i] = ((long)e.User << 32) | (uint)e.Item;
        }

        Array.Sort(pairs);
        var distinct = 0;
        for (var i = 0; i < pairs.Length; i++)
        {
            if (i == 0 || pairs[i] != pairs[i - 1])
            {
                pairs[distinct++] = pairs[i];
            }
        }

        var userOffsets = new int[userCount + 1];
        var userItems = new int[distinct];
        var itemDegree = new int[itemCount];
        for (var p = 0; p < distinct; p++)
        {
            var user = (int)(pairs[p] >> 32);
            var item = (int)(pairs[p] & 0xFFFFFFFF);
            userOffsets[user + 1]++;
            userItems[p] = item;
            itemDegree[item]++;
        }

        for (var u = 0; u < userCount; u++)
        {
            userOffsets[u + 1] += userOffsets[u];
        }

        var itemOffsets = new int[itemCount + 1];
        for (var i = 0; i < itemCount; i++)
        {
            itemOffsets[i + 1] = itemOffsets[i] + itemDegree[i];
        }

        // Users are visited in ascending order, so each item's user list comes out sorted.
        var itemUsers = new int[distinct];
        var cursor = itemOffsets[..^1];
        for (var u = 0; u < userCount; u++)
        {
            for (var p = userOffsets[u]; p < userOffsets[u + 1]; p++)
            {
                itemUsers[cursor[userItems[p]]++] = u;
            }
        }

        return new InteractionMatrix(userCount, itemCount, userOffsets, userItems, itemOffsets, itemUsers);
    }

    /// <summary>The items of <paramref name="user"/>, ascending.</summary>
    public ReadOnlySpan<int> ItemsOf(int user) => _userItems.AsSpan(_userOffsets[user], _userOffsets[user + 1] - _userOffsets[user]);

    /// <summary>The users of <paramref name="item"/>, ascending.</summary>
    public ReadOnlySpan<int> UsersOf(int item) => _itemUsers.AsSpan(_itemOffsets[item], _itemOffsets[item + 1] - _itemOffsets[item]);

    /// <summary>Number of users who interacted with <paramref name="item"/>.</summary>
    public int ItemDegree(int item) => _itemOffsets[item + 1] - _itemOffsets[item];

    /// <summary>Number of items <paramref name="user"/> interacted with.</summary>
    public int UserDegree(int user) => _userOffsets[user + 1] - _userOffsets[user];

    /// <summary>True when (user, item) is an interaction.</summary>
    public bool Contains(int user, int item) => ItemsOf(user).BinarySearch(item) >= 0;
}
