using System.CommandLine;
using System.Globalization;
using OrleansReco.Hosting;
using OrleansReco.LoadTests.Scenarios;
using OrleansReco.LoadTests.Targets;
using OrleansReco.LoadTests.Workload;

namespace OrleansReco.LoadTests.Cli;

/// <summary>The options every scenario command takes (one instance per command, so defaults can differ per scenario).</summary>
public sealed class ScenarioOptions
{
    private readonly Option<double?> _duration;
    private readonly Option<double?> _rate = new("--rate") { Description = "Open-loop arrival rate per second (ingest: closed loop when absent)" };
    private readonly Option<int> _users;
    private readonly Option<double> _activeFraction = new("--active-fraction") { Description = "Share of users active in the run", DefaultValueFactory = _ => 0.5 };
    private readonly Option<int> _items = new("--items") { Description = "Catalog size (demo catalog)", DefaultValueFactory = _ => 100_000 };
    private readonly Option<int> _dimensions = new("--dimensions") { Description = "Embedding dimension d", DefaultValueFactory = _ => 64 };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the workload and the catalog", DefaultValueFactory = _ => 42 };
    private readonly Option<double> _zipf = new("--zipf") { Description = "Zipf exponent of item popularity", DefaultValueFactory = _ => 1.0 };
    private readonly Option<double> _session = new("--session-length") { Description = "Mean operations per user session", DefaultValueFactory = _ => 20 };
    private readonly Option<string> _mix = new("--mix") { Description = "view,click,like shares of interactions", DefaultValueFactory = _ => "0.70,0.25,0.05" };
    private readonly Option<int> _batch;
    private readonly Option<double> _recommendRatio = new("--recommend-ratio") { Description = "Recommendations per ingest batch (mixed, soak)", DefaultValueFactory = _ => 1.0 };
    private readonly Option<int> _k = new("--k") { Description = "Items per recommendation", DefaultValueFactory = _ => 10 };
    private readonly Option<int> _concurrency = new("--concurrency") { Description = "Closed loop: operations in flight", DefaultValueFactory = _ => 32 };
    private readonly Option<long> _batches = new("--batches") { Description = "Closed-loop ingest: stop after this many batches (instead of --duration)" };
    private readonly Option<bool> _noWarmup = new("--no-warmup") { Description = "Skip activating the users before measuring" };
    private readonly Option<TargetKind> _target = new("--target") { Description = "inprocess | cluster | gateway | noop", DefaultValueFactory = _ => TargetKind.InProcess };
    private readonly Option<int> _silos = new("--silos") { Description = "In-process silos", DefaultValueFactory = _ => 1 };
    private readonly Option<LoadStorage> _storage = new("--storage") { Description = "In-process user storage: memory | azuretable | redis | discard", DefaultValueFactory = _ => LoadStorage.Memory };
    private readonly Option<bool> _noSegments = new("--no-segments") { Description = "Users are not assigned to segments (to measure what segments cost)" };
    private readonly Option<string?> _gatewayUrl = new("--gateway-url") { Description = "Gateway base address, e.g. http://127.0.0.1:5080/" };
    private readonly Option<string?> _apiKey = new("--api-key") { Description = "Gateway API key (default: $ORLEANSRECO_API_KEY)" };
    private readonly Option<ClusteringProvider> _clustering = new("--clustering") { Description = "External cluster: Localhost | Redis", DefaultValueFactory = _ => ClusteringProvider.Localhost };
    private readonly Option<int> _clusterGatewayPort = new("--cluster-gateway-port") { Description = "External cluster: Orleans gateway port (Localhost clustering)", DefaultValueFactory = _ => 30000 };
    private readonly Option<string?> _redis = new("--redis") { Description = "External cluster: Redis connection string (Redis clustering)" };
    private readonly Option<string> _clusterId = new("--cluster-id") { Description = "External cluster: Orleans cluster id", DefaultValueFactory = _ => new ClusterConnectionOptions().ClusterId };
    private readonly Option<string> _serviceId = new("--service-id") { Description = "External cluster: Orleans service id", DefaultValueFactory = _ => new ClusterConnectionOptions().ServiceId };
    private readonly Option<string> _out = new("--out") { Description = "Output directory for the reports and charts", DefaultValueFactory = _ => "load-results" };
    private readonly Option<string?> _json = new("--json") { Description = "Also write the stable JSON result here" };
    private readonly Option<bool> _noCharts = new("--no-charts") { Description = "Skip the PNG charts" };

    /// <summary>Creates the options with this scenario's defaults.</summary>
    public ScenarioOptions(double defaultDuration, int defaultUsers, int defaultBatch = 10)
    {
        _duration = new("--duration") { Description = $"Measured seconds (default {defaultDuration})", DefaultValueFactory = _ => null };
        DefaultDuration = defaultDuration;
        _users = new("--users") { Description = "User population", DefaultValueFactory = _ => defaultUsers };
        _batch = new("--batch") { Description = "Interactions per ingest batch", DefaultValueFactory = _ => defaultBatch };
    }

    private double DefaultDuration { get; }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        Option[] all = [_duration, _rate, _users, _activeFraction, _items, _dimensions, _seed, _zipf, _session, _mix, _batch, _recommendRatio, _k,
            _concurrency, _batches, _noWarmup, _target, _silos, _storage, _noSegments, _gatewayUrl, _apiKey, _clustering, _clusterGatewayPort, _redis,
            _clusterId, _serviceId, _out, _json, _noCharts];
        foreach (var option in all)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Reads the settings; throws <see cref="ArgumentException"/> naming a bad value.</summary>
    public ScenarioSettings Read(ParseResult parse)
    {
        var mix = ParseMix(parse.GetValue(_mix)!);
        var batches = parse.GetValue(_batches);
        var workload = new WorkloadOptions
        {
            Users = parse.GetValue(_users),
            ActiveFraction = parse.GetValue(_activeFraction),
            Items = parse.GetValue(_items),
            Dimensions = parse.GetValue(_dimensions),
            Seed = (ulong)Math.Max(0, parse.GetValue(_seed)),
            ZipfExponent = parse.GetValue(_zipf),
            MeanSessionLength = parse.GetValue(_session),
            ViewShare = mix[0],
            ClickShare = mix[1],
            BatchSize = parse.GetValue(_batch),
            RecommendPerIngest = parse.GetValue(_recommendRatio),
            K = parse.GetValue(_k),
        };
        if (workload.Validate() is [var error, ..])
        {
            throw new ArgumentException(error);
        }

        var rate = parse.GetValue(_rate);
        var duration = parse.GetValue(_duration) ?? (batches > 0 ? 24 * 3600 : DefaultDuration);
        var concurrency = parse.GetValue(_concurrency);
        if (rate is <= 0 || duration <= 0 || concurrency < 1 || batches < 0 || parse.GetValue(_silos) < 1)
        {
            throw new ArgumentException("--rate, --duration, --concurrency and --silos must be positive, --batches ≥ 0.");
        }

        return new ScenarioSettings
        {
            DurationSeconds = duration,
            Rate = rate,
            Concurrency = concurrency,
            MaxBatches = batches,
            Warmup = !parse.GetValue(_noWarmup),
            Workload = workload,
            Target = new TargetSettings
            {
                Kind = parse.GetValue(_target),
                InProcess = new InProcessClusterOptions
                {
                    Silos = parse.GetValue(_silos), Storage = parse.GetValue(_storage), Segments = !parse.GetValue(_noSegments), Seed = parse.GetValue(_seed),
                },
                Cluster = new ClusterConnectionOptions
                {
                    Clustering = parse.GetValue(_clustering), GatewayPort = parse.GetValue(_clusterGatewayPort), RedisConnectionString = parse.GetValue(_redis),
                    ClusterId = parse.GetValue(_clusterId)!, ServiceId = parse.GetValue(_serviceId)!,
                },
                GatewayUrl = GatewayUrl(parse.GetValue(_gatewayUrl)),
                ApiKey = parse.GetValue(_apiKey) ?? Environment.GetEnvironmentVariable("ORLEANSRECO_API_KEY"),
            },
            OutputDirectory = parse.GetValue(_out)!,
            JsonPath = parse.GetValue(_json),
            Charts = !parse.GetValue(_noCharts),
        };
    }

    private static Uri? GatewayUrl(string? text)
    {
        if (text is null)
        {
            return null;
        }

        return Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var url) && url.Scheme is "http" or "https"
            ? url : throw new ArgumentException($"--gateway-url must be an absolute http(s) address, e.g. http://127.0.0.1:5080/; got '{text}'.");
    }

    private static double[] ParseMix(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[3];
        if (parts.Length != 3 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) && values[i] >= 0).All(ok => ok)
            || Math.Abs(values.Sum() - 1) > 1e-6)
        {
            throw new ArgumentException($"--mix must be three shares view,click,like summing to 1, e.g. 0.70,0.25,0.05; got '{text}'.");
        }

        return values;
    }
}
