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

    public static AnnSettings From(CommandArguments args) => new()
    {
        DataDirectory = args.String("data", "../shared/ann-bench")!,
        JsonPath = args.String("json"),
        EfValues = args.IntList("ef", [10, 20, 40, 80, 160]),
        M = args.Int("m", 16, min: 2),
        EfConstruction = args.Int("ef-construction", 200, min: 2),
        Threads = args.Int("threads", 2, min: 1),
        SkipSingleThreadBuild = args.Flag("skip-1t-build"),
        Repeats = args.Int("repeats", 3, min: 1),
        K = args.Int("k", 10, min: 1),
        UpdateFraction = args.Double("update-fraction", 0, min: 0, max: 1),
        UpdateNoise = args.Double("update-noise", 0.05, min: 0),
        Scale = args.Int("scale", 0, min: 0),
        ScaleDimensions = args.Int("dimensions", 64, min: 1),
        CompareHnswlib = args.Flag("compare-hnswlib"),
        Python = args.String("python", "/usr/bin/python3")!,
        HnswlibScript = args.String("hnswlib-script"),
        Seed = (ulong)args.Int("seed", 42, min: 0),
        IndexPath = args.String("index"),
    };
}
