using OrleansReco.Hosting;

namespace OrleansReco.LoadTests.Ingest;

/// <summary>Options of the <c>ingest</c> command.</summary>
public sealed record IngestSettings
{
    public StorageProvider Provider { get; init; }
    public int Users { get; init; }
    public int Batches { get; init; }
    public int BatchSize { get; init; }
    public int Concurrency { get; init; }
    public int Items { get; init; }
    public ulong Seed { get; init; }
    public string? JsonPath { get; init; }
    public bool Segments { get; init; } = true;

    public static IngestSettings From(CommandArguments args)
    {
        var provider = args.String("storage", "memory")!;
        return new()
        {
            Provider = Enum.TryParse<StorageProvider>(provider, ignoreCase: true, out var parsed) ? parsed
                : throw new CommandLineException($"--storage must be memory, azuretable or redis, not '{provider}'."),
            Users = args.Int("users", 2_000, min: 1),
            Batches = args.Int("batches", 20_000, min: 1),
            BatchSize = args.Int("batch", 1, min: 1),
            Concurrency = args.Int("concurrency", 32, min: 1),
            Items = args.Int("items", 10_000, min: 10),
            Seed = (ulong)args.Int("seed", 42, min: 0),
            JsonPath = args.String("json"),
            Segments = !args.Flag("no-segments"),
        };
    }
}
