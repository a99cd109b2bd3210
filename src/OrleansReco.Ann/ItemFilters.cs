namespace OrleansReco.Ann;

/// <summary>Ready-made search filters over external item ids (true = the item may be returned).</summary>
public static class ItemFilters
{
    /// <summary>Rejects the ids in <paramref name="excluded"/> (e.g. items the user has already seen).</summary>
    public static Func<int, bool> Exclude(IReadOnlySet<int> excluded)
    {
        ArgumentNullException.ThrowIfNull(excluded);
        return id => !excluded.Contains(id);
    }

    /// <summary>Accepts items whose category (<paramref name="categoryOf"/>[id]) is in <paramref name="allowed"/>.</summary>
    public static Func<int, bool> AllowCategories(IReadOnlyList<int> categoryOf, IReadOnlySet<int> allowed)
    {
        ArgumentNullException.ThrowIfNull(categoryOf);
        ArgumentNullException.ThrowIfNull(allowed);
        return id => (uint)id < (uint)categoryOf.Count && allowed.Contains(categoryOf[id]);
    }

    /// <summary>Rejects items whose category (<paramref name="categoryOf"/>[id]) is in <paramref name="denied"/>.</summary>
    public static Func<int, bool> DenyCategories(IReadOnlyList<int> categoryOf, IReadOnlySet<int> denied)
    {
        ArgumentNullException.ThrowIfNull(categoryOf);
        ArgumentNullException.ThrowIfNull(denied);
        return id => (uint)id >= (uint)categoryOf.Count || !denied.Contains(categoryOf[id]);
    }

    /// <summary>Accepts an item only when every filter accepts it; null filters are ignored.</summary>
    public static Func<int, bool>? All(params Func<int, bool>?[] filters)
    {
        ArgumentNullException.ThrowIfNull(filters);
        var active = Array.FindAll(filters, f => f is not null);
        return active.Length switch
        {
            0 => null,
            1 => active[0],
            _ => id =>
            {
                foreach (var filter in active)
                {
                    if (!filter!(id))
                    {
                        return false;
                    }
                }

                return true;
            },
        };
    }
}
