namespace OrleansReco.Ann;

/// <summary>One search hit: the caller's item id and its inner-product score (higher is closer).</summary>
/// <param name="Id">The external item id given to <see cref="IVectorIndex.Add"/>.</param>
/// <param name="Score">Dot product of the query and the item vector (the cosine for unit vectors).</param>
public readonly record struct ScoredItem(int Id, float Score);
