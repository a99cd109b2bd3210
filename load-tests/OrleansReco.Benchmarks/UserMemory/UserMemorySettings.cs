using System.Globalization;

namespace OrleansReco.Benchmarks.UserMemory;

/// <summary>What to activate: which grain, how many, in what catalog.</summary>
public sealed record UserMemorySettings
{
    /// <summary>Grains activated and kept active.</summary>
    public int Users { get; init; } = 100_000;

    /// <summary><c>user</c> (UserGrain with full state), <c>empty</c> (no state) or <c>floats</c> (float[64] in IPersistentState) or
    /// <c>storage-floats</c> (the same through IGrainStorage directly).</summary>
    public string Grain { get; init; } = "user";

    /// <summary>Demo catalog size.</summary>
    public int Items { get; init; } = 10_000;

    /// <summary>d.</summary>
    public int Dimensions { get; init; } = 64;

    /// <summary>Replay ring per user.</summary>
    public int ReplayCapacity { get; init; } = 32;

    /// <summary>Seen set per user.</summary>
    public int SeenCapacity { get; init; } = 64;

    /// <summary>Calls in flight while activating.</summary>
    public int Concurrency { get; init; } = 64;

    /// <summary>Silo port.</summary>
    public int SiloPort { get; init; } = 21111;

    /// <summary>Gateway port.</summary>
    public int GatewayPort { get; init; } = 31000;

    /// <summary>After measuring, print the process id and wait for a line on stdin (to run <c>heap-types</c> against it).</summary>
    public bool Hold { get; init; }

    /// <summary>Orleans grain directory cache size (<c>GrainDirectoryOptions.CacheSize</c>); null keeps Orleans' default, 0 turns caching off (<c>CachingStrategy = None</c>).</summary>
    public int? DirectoryCacheSize { get; init; }

    /// <summary>Optional JSON output path.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Usage text.</summary>
    public const string Usage = """
        user-memory [--users N] [--grain user|empty|floats|storage-floats] [--items N] [--dimensions D] [--replay N] [--seen N]
                    [--concurrency N] [--silo-port P] [--gateway-port P] [--directory-cache N] [--json FILE] [--hold]
        """;

    /// <summary>Parses <c>--name value</c> pairs; throws on an unknown option.</summary>
    public static UserMemorySettings Parse(ReadOnlySpan<string> args)
    {
        var s = new UserMemorySettings();
        if (args is [.. var rest, "--hold"])
        {
            return Parse(rest) with { Hold = true };
        }

        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            s = args[i] switch
            {
                "--users" => s with { Users = Int(value) },
                "--grain" => s with { Grain = value is "user" or "empty" or "floats" or "storage-floats" ? value : throw new ArgumentException($"Unknown grain '{value}'.") },
                "--items" => s with { Items = Int(value) },
                "--dimensions" => s with { Dimensions = Int(value) },
                "--replay" => s with { ReplayCapacity = Int(value) },
                "--seen" => s with { SeenCapacity = Int(value) },
                "--concurrency" => s with { Concurrency = Int(value) },
                "--silo-port" => s with { SiloPort = Int(value) },
                "--gateway-port" => s with { GatewayPort = Int(value) },
                "--directory-cache" => s with { DirectoryCacheSize = Int(value) },
                "--json" => s with { JsonPath = value },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'.\n{Usage}"),
            };
        }

        return args.Length % 2 == 0 ? s : throw new ArgumentException($"Option '{args[^1]}' needs a value.\n{Usage}");
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);
}
