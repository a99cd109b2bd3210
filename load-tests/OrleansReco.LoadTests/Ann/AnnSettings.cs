namespace OrleansReco.LoadTests.Ann;

/// <summary>Options of the <c>ann</c> command.</summary>
public sealed record AnnSettings
{
    public string DataDirectory { get; init; } = "../shared/ann-bench";

    public string? JsonPath { get; init; }

    public int[] EfValues { get; init; } = [10, 20, 40, 80, 160];

    public int M { get; init; } = 16;

    public int EfConstruction { get; init; } = 200;

    public int Threads { get; init; } = 2;

    public bool SkipSingleThreadBuild { get; init; }

    public int Repeats { get; init; } = 3;

    public int K { get; init; } = 10;

    public double UpdateFraction { get; init; }

    public double UpdateNoise { get; init; } = 0.05;

    public int Scale { get; init; }

    public int ScaleDimensions { get; init; } = 64;

    public bool CompareHnswlib { get; init; }

    public string Python { get; init; } = "/usr/bin/python3";

    public string? HnswlibScript { get; init; }

    public ulong Seed { get; init; } = 42;

    public string? IndexPath { get; init; }
}
