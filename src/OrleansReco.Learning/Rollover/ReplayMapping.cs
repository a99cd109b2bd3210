namespace OrleansReco.Learning.Rollover;

/// <summary>Moves a replay buffer from one model version's item indices to another's.</summary>
public static class ReplayMapping
{
    /// <summary>
    /// The entries of <paramref name="source"/>, oldest first, re-indexed through <paramref name="newIndexOfOld"/>
    /// (old index → new index, negative when the item is gone) into a new buffer of <paramref name="capacity"/>.
    /// Entries whose item is gone, or whose old index the map does not cover, are dropped.
    /// </summary>
    public static ReplayBuffer Map(ReplayBuffer source, ReadOnlySpan<int> newIndexOfOld, int capacity)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        var mapped = new ReplayBuffer(capacity);
        for (var i = source.Count - 1; i >= 0; i--)
        {
            var (item, weight, timestamp) = source.Newest(i);
            if ((uint)item < (uint)newIndexOfOld.Length && newIndexOfOld[item] >= 0)
            {
                mapped.Add(newIndexOfOld[item], weight, timestamp);
            }
        }

        return mapped;
    }
}
