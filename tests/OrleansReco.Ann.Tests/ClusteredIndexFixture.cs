namespace OrleansReco.Ann.Tests;

/// <summary>One 5,000 × 32 clustered index (built on 2 threads) and its exact twin, shared by the read-only tests.</summary>
public sealed class ClusteredIndexFixture : IDisposable
{
    public const int Size = 5_000;

    public ClusteredIndexFixture()
    {
        Data = TestData.Vectors(Size);
        Queries = TestData.Vectors(200, block: 99);
        (Hnsw, Exact) = TestData.Build(Data, degreeOfParallelism: 2);
    }

    public float[] Data { get; }

    public float[] Queries { get; }

    public HnswIndex Hnsw { get; }

    public ExactIndex Exact { get; }

    public void Dispose() => Hnsw.Dispose();
}
