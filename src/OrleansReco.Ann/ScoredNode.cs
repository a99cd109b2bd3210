namespace OrleansReco.Ann;

/// <summary>A graph node (internal slot) with its score against the current query; the element of the search heaps.</summary>
internal struct ScoredNode(float score, int node)
{
    public float Score = score;
    public int Node = node;
}
