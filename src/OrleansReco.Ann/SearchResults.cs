namespace OrleansReco.Ann;

/// <summary>The array-returning search every <see cref="IVectorIndex"/> offers on top of its span search.</summary>
internal static class SearchResults
{
    /// <summary>Runs <paramref name="index"/>'s span search into a new array of at most <paramref name="k"/> results.</summary>
    public static ScoredItem[] Collect(IVectorIndex index, ReadOnlySpan<float> query, int k, int ef, Func<int, bool>? filter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var results = new ScoredItem[k];
        var n = index.Search(query, results, ef, filter);
        return n == k ? results : results[..n];
    }
}
