using Microsoft.Extensions.Configuration;

namespace OrleansReco.Hosting;

/// <summary>
/// Configuration of a host: <c>cluster-config/appsettings.json</c> (what every shape shares: catalog, learner, ranking),
/// then <c>cluster-config/{profile}/appsettings.json</c> (the shape: ports, clustering, storage; profile from
/// <c>OrleansReco:Profile</c>, default <see cref="DefaultProfile"/>), then environment variables, then the command line
/// (later wins).
/// </summary>
public static class HostProfile
{
    /// <summary>Default configuration profile (a folder under <c>cluster-config/</c>).</summary>
    public const string DefaultProfile = "embedded";

    /// <summary>Adds the profile file under the environment and command line; throws when the profile does not exist.</summary>
    public static string AddProfileConfiguration(ConfigurationManager configuration, string[] args)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var profile = configuration["OrleansReco:Profile"] ?? DefaultProfile;
        var path = Path.Combine(AppContext.BaseDirectory, "cluster-config", profile, "appsettings.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Configuration profile '{profile}' not found: {path}. Profiles live in cluster-config/.", path);
        }

        // Re-adding environment and command line keeps them above the files.
        configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "cluster-config", "appsettings.json"), optional: true, reloadOnChange: false);
        configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
        return profile;
    }

    /// <summary>The cluster section, validated; throws <see cref="InvalidOperationException"/> naming every problem.</summary>
    public static ClusterConnectionOptions Cluster(IConfiguration configuration) =>
        Valid(configuration.GetSection(ClusterConnectionOptions.SectionName).Get<ClusterConnectionOptions>() ?? new(), o => o.Validate());

    /// <summary>The storage section, validated; throws <see cref="InvalidOperationException"/> naming every problem.</summary>
    public static StorageOptions Storage(IConfiguration configuration) =>
        Valid(configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new(), o => o.Validate());

    private static T Valid<T>(T options, Func<T, IReadOnlyList<string>> validate) =>
        validate(options) is { Count: > 0 } errors ? throw new InvalidOperationException("Invalid configuration: " + string.Join(" ", errors)) : options;
}
