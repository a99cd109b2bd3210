namespace OrleansReco.Ann;

/// <summary>
/// A maximum-inner-product index over item vectors (store unit vectors so the score is the cosine).
/// Ids are the caller's item ids; a filter receives those ids and returns true for items that may be returned.
/// </summary>
public interface IVectorIndex
{
    /// <summary>Vector length d every vector and query must have.</summary>
    int Dimensions { get; }

    /// <summary>Number of live (not deleted) items.</summary>
    int Count { get; }

    /// <summary>True when <paramref name="id"/> is present and not deleted.</summary>
    bool Contains(int id);

    /// <summary>Adds an item; a deleted id is revived with the new vector. Throws <see cref="ArgumentException"/> if the id is live.</summary>
    void Add(int id, ReadOnlySpan<float> vector);

    /// <summary>Replaces the vector of a live item in place. Throws <see cref="KeyNotFoundException"/> if the id is absent or deleted.</summary>
    void Update(int id, ReadOnlySpan<float> vector);

    /// <summary>Removes an item from search results; returns false when it was absent or already deleted.</summary>
    bool Delete(int id);

    /// <summary>
    /// Writes the best <c>results.Length</c> items for <paramref name="query"/>, best first, and returns how many were written
    /// (fewer only when fewer items pass <paramref name="filter"/>). <paramref name="ef"/> is the beam width (0: the index default).
    /// </summary>
    int Search(ReadOnlySpan<float> query, Span<ScoredItem> results, int ef = 0, Func<int, bool>? filter = null);

    /// <summary>The best <paramref name="k"/> items for <paramref name="query"/>, best first.</summary>
    ScoredItem[] Search(ReadOnlySpan<float> query, int k, int ef = 0, Func<int, bool>? filter = null);
}
