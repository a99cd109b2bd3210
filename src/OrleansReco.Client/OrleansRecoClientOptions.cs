using OrleansReco.Hosting;
using StackExchange.Redis;

namespace OrleansReco.Client;

/// <summary>
/// Which OrleansReco cluster the client joins and how long it waits for an answer. Section <see cref="SectionName"/>
/// when bound from configuration by <see cref="OrleansRecoClientServiceCollectionExtensions.AddOrleansReco(Microsoft.Extensions.Hosting.IHostApplicationBuilder, Action{OrleansRecoClientOptions}?)"/>.
/// </summary>
public sealed class OrleansRecoClientOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrleansReco:Client";

    /// <summary>Default <see cref="GatewayPort"/>: the silo's gateway port in the <c>embedded</c> profile.</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>Default <see cref="ClusterId"/>, as in every <c>cluster-config</c> profile.</summary>
    public const string DefaultClusterId = "orleansreco-dev";

    /// <summary>Default <see cref="ServiceId"/>, as in every <c>cluster-config</c> profile.</summary>
    public const string DefaultServiceId = "orleansreco";

    /// <summary>Default <see cref="ResponseTimeout"/> (Orleans' own default).</summary>
    public static readonly TimeSpan DefaultResponseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default <see cref="ConnectTimeout"/>.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Longest accepted <see cref="ResponseTimeout"/> and <see cref="ConnectTimeout"/>.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    /// <summary>How the client finds the silos: <see cref="ClusteringProvider.Localhost"/> (one silo's gateway port on this machine) or <see cref="ClusteringProvider.Redis"/> (the membership table).</summary>
    public ClusteringProvider Clustering { get; set; } = ClusteringProvider.Localhost;

    /// <summary>The silo's gateway port on 127.0.0.1 (<see cref="ClusteringProvider.Localhost"/> only).</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>StackExchange.Redis configuration string of the membership table, e.g. <c>127.0.0.1:6379</c> (<see cref="ClusteringProvider.Redis"/> only).</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>Orleans cluster id; must match the silos'.</summary>
    public string ClusterId { get; set; } = DefaultClusterId;

    /// <summary>Orleans service id; must match the silos'.</summary>
    public string ServiceId { get; set; } = DefaultServiceId;

    /// <summary>How long a call waits for the cluster's answer before it fails with <see cref="TimeoutException"/>.</summary>
    public TimeSpan ResponseTimeout { get; set; } = DefaultResponseTimeout;

    /// <summary>
    /// How long the host's start keeps trying (once a second) to reach a gateway before it fails with the Orleans
    /// exception (e.g. <c>ConnectionFailedException</c>); covers silos that start after the client.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    /// <summary>Returns the problems with these options, each naming its option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        const string Prefix = nameof(OrleansRecoClientOptions) + ".";
        var errors = new List<string>();
        if (!Enum.IsDefined(Clustering))
        {
            errors.Add($"{Prefix}{nameof(Clustering)} must be Localhost or Redis (was {(int)Clustering}).");
        }

        if (Clustering == ClusteringProvider.Localhost && GatewayPort is < 1 or > 65535)
        {
            errors.Add($"{Prefix}{nameof(GatewayPort)} must be a port in [1, 65535] (was {GatewayPort}).");
        }

        if (Clustering == ClusteringProvider.Redis && RedisConnectionError() is { } redisError)
        {
            errors.Add($"{Prefix}{nameof(RedisConnectionString)} {redisError}");
        }

        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            errors.Add($"{Prefix}{nameof(ClusterId)} must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(ServiceId))
        {
            errors.Add($"{Prefix}{nameof(ServiceId)} must not be empty.");
        }

        CheckTimeout(ResponseTimeout, Prefix + nameof(ResponseTimeout), errors);
        CheckTimeout(ConnectTimeout, Prefix + nameof(ConnectTimeout), errors);

        return errors;
    }

    /// <summary>The same cluster as OrleansReco.Hosting describes it, for <c>UseOrleansRecoClustering</c>.</summary>
    internal ClusterConnectionOptions ToClusterConnection() => new()
    {
        Clustering = Clustering,
        GatewayPort = GatewayPort,
        RedisConnectionString = RedisConnectionString,
        ClusterId = ClusterId,
        ServiceId = ServiceId,
    };

    private static void CheckTimeout(TimeSpan value, string name, List<string> errors)
    {
        if (value <= TimeSpan.Zero || value > MaxTimeout)
        {
            errors.Add($"{name} must be greater than zero and at most {MaxTimeout} (was {value}).");
        }
    }

    private string? RedisConnectionError()
    {
        if (string.IsNullOrWhiteSpace(RedisConnectionString))
        {
            return "is required with Clustering = Redis (e.g. 127.0.0.1:6379).";
        }

        try
        {
            return ConfigurationOptions.Parse(RedisConnectionString).EndPoints.Count == 0 ? "names no Redis endpoint." : null;
        }
        catch (ArgumentException e)
        {
            return $"is not a valid StackExchange.Redis configuration: {e.Message}";
        }
    }
}
