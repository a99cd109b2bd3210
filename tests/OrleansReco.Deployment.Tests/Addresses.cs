using System.Net;
using StackExchange.Redis;

namespace OrleansReco.Deployment.Tests;

/// <summary>Host names in the connection strings the hosts use.</summary>
internal static class Addresses
{
    /// <summary>Hosts of a StackExchange.Redis configuration string, read by StackExchange.Redis itself.</summary>
    public static IEnumerable<string> RedisHosts(string? configuration) => string.IsNullOrWhiteSpace(configuration)
        ? []
        : ConfigurationOptions.Parse(configuration).EndPoints.Select(e => e switch
        {
            DnsEndPoint dns => dns.Host,
            IPEndPoint ip => ip.Address.ToString(),
            _ => e.ToString()!,
        });

    /// <summary>Parts of an Azure Storage connection string (<c>Key=Value;…</c>; values may contain <c>=</c>).</summary>
    public static IReadOnlyDictionary<string, string> StorageParts(string? connectionString) =>
        (connectionString ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "", StringComparer.OrdinalIgnoreCase);

    /// <summary>Hosts of the service endpoints (<c>TableEndpoint</c>, <c>BlobEndpoint</c>, …) of an Azure Storage connection string.</summary>
    public static IEnumerable<string> StorageHosts(string? connectionString) => StorageParts(connectionString)
        .Where(p => p.Key.EndsWith("Endpoint", StringComparison.OrdinalIgnoreCase))
        .Select(p => new Uri(p.Value).Host);

    /// <summary>True for addresses that mean every interface.</summary>
    public static bool IsAnyAddress(string host) => host is "0.0.0.0" or "[::]" or "::";
}
