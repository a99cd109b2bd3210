namespace OrleansReco.Hosting;

/// <summary>How cluster members find each other.</summary>
public enum ClusteringProvider
{
    /// <summary>One silo (or a fixed primary) on this machine; for development.</summary>
    Localhost,

    /// <summary>Membership table in Redis (<c>Microsoft.Orleans.Clustering.Redis</c>): any number of silos and clients.</summary>
    Redis,
}

/// <summary>
/// Where a silo listens and which cluster it (or a gateway host's Orleans client) joins. Section <c>OrleansReco:Silo</c>.
/// </summary>
public sealed record ClusterConnectionOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "OrleansReco:Silo";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port Orleans clients connect to.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Orleans cluster id.</summary>
    public string ClusterId { get; set; } = "orleansreco-dev";

    /// <summary>Orleans service id.</summary>
    public string ServiceId { get; set; } = "orleansreco";

    /// <summary>Membership provider.</summary>
    public ClusteringProvider Clustering { get; set; } = ClusteringProvider.Localhost;

    /// <summary>StackExchange.Redis configuration string for Redis clustering, e.g. <c>127.0.0.1:6379</c>.</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>Address or host name other members reach this silo at (Redis clustering).</summary>
    public string AdvertisedHost { get; set; } = "127.0.0.1";

    /// <summary>Listen on every interface instead of the advertised address only (containers).</summary>
    public bool ListenOnAnyHostAddress { get; set; }

    /// <summary>Returns the problems with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SiloPort is < 1 or > 65535 || GatewayPort is < 1 or > 65535 || SiloPort == GatewayPort)
        {
            errors.Add("OrleansReco:Silo:SiloPort and GatewayPort must be distinct ports in [1, 65535].");
        }

        if (string.IsNullOrWhiteSpace(ClusterId) || string.IsNullOrWhiteSpace(ServiceId))
        {
            errors.Add("OrleansReco:Silo:ClusterId and ServiceId are required.");
        }

        if (Clustering == ClusteringProvider.Redis && string.IsNullOrWhiteSpace(RedisConnectionString))
        {
            errors.Add("OrleansReco:Silo:RedisConnectionString is required with Clustering = Redis (e.g. 127.0.0.1:6379).");
        }

        if (string.IsNullOrWhiteSpace(AdvertisedHost))
        {
            errors.Add("OrleansReco:Silo:AdvertisedHost must not be empty.");
        }

        return errors;
    }
}
