using Microsoft.Extensions.Configuration;
using OrleansReco.Hosting;

namespace OrleansReco.Deployment.Tests;

/// <summary>The configuration a host in a container sees, built by the hosts' own code.</summary>
internal static class ContainerConfiguration
{
    /// <summary>
    /// What <see cref="HostProfile.AddProfileConfiguration"/> makes of a container's environment: the environment stands
    /// both below the profile files (as WebApplicationBuilder's own sources, where the profile name is read) and above
    /// them. It is passed as command-line arguments, which rank with the environment above the files, so that the test
    /// process's own environment stays out of the way.
    /// </summary>
    public static IConfiguration Of(IReadOnlyDictionary<string, string> environment)
    {
        var args = environment.Select(kv => $"--{KeyOf(kv.Key)}={kv.Value}").ToArray();
        var configuration = new ConfigurationManager();
        configuration.AddCommandLine(args);
        HostProfile.AddProfileConfiguration(configuration, args);
        return configuration;
    }

    /// <summary>A profile as the files give it: <c>cluster-config/appsettings.json</c> under <c>cluster-config/{profile}/appsettings.json</c>.</summary>
    public static IConfiguration Profile(string profile) => new ConfigurationBuilder()
        .AddJsonFile(Repository.PathOf("cluster-config/appsettings.json"), optional: true, reloadOnChange: false)
        .AddJsonFile(Repository.PathOf($"cluster-config/{profile}/appsettings.json"), optional: false, reloadOnChange: false)
        .Build();

    /// <summary>Every key with a value (leaves only).</summary>
    public static IReadOnlyDictionary<string, string> Leaves(IConfiguration configuration) => configuration.AsEnumerable()
        .Where(kv => kv.Value is not null)
        .ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.OrdinalIgnoreCase);

    /// <summary>The configuration key of an environment variable: <c>__</c> separates sections.</summary>
    public static string KeyOf(string variable) => variable.Replace("__", ":", StringComparison.Ordinal);
}
