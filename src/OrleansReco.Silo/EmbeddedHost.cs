using OrleansReco.Gateway;
using OrleansReco.Grains.Hosting;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Users;

namespace OrleansReco.Silo;

/// <summary>
/// Builds the host: configuration from <c>cluster-config/{profile}/appsettings.json</c>, then environment
/// variables, then the command line (later wins); one silo with localhost clustering and memory storage;
/// the HTTP gateway in the same process.
/// </summary>
public static class EmbeddedHost
{
    /// <summary>Default configuration profile (a folder under <c>cluster-config/</c>).</summary>
    public const string DefaultProfile = "embedded";

    /// <summary>Builds the web application with the silo; call <c>RunAsync</c> or <c>StartAsync</c> on it.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        AddProfileConfiguration(builder.Configuration, args);
        var silo = builder.Configuration.GetSection(SiloOptions.SectionName).Get<SiloOptions>() ?? new SiloOptions();
        if (silo.Validate() is { Count: > 0 } errors)
        {
            throw new InvalidOperationException("Invalid configuration: " + string.Join(" ", errors));
        }

        RefuseBadModelFile(builder.Configuration);
        builder.UseOrleans(siloBuilder =>
        {
            siloBuilder.UseLocalhostClustering(silo.SiloPort, silo.GatewayPort, serviceId: silo.ServiceId, clusterId: silo.ClusterId);
            siloBuilder.AddMemoryGrainStorage(UserGrainOptions.StorageName);
            siloBuilder.AddMemoryGrainStorage(CatalogOptions.StorageName);
            siloBuilder.AddOrleansRecoGrains();
        });
        builder.Services.AddOrleansRecoGateway();

        var app = builder.Build();
        app.MapOrleansRecoApi();
        return app;
    }

    /// <summary>Reads a configured model file once before starting, so a corrupt file stops the host with the reason.</summary>
    private static void RefuseBadModelFile(IConfiguration configuration)
    {
        var path = configuration[$"{CatalogOptions.SectionName}:{nameof(CatalogOptions.ModelPath)}"];
        if (!string.IsNullOrWhiteSpace(path))
        {
            _ = ModelCatalog.Load(path);
        }
    }

    private static void AddProfileConfiguration(ConfigurationManager configuration, string[] args)
    {
        var profile = configuration["OrleansReco:Profile"] ?? DefaultProfile;
        var path = Path.Combine(AppContext.BaseDirectory, "cluster-config", profile, "appsettings.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Configuration profile '{profile}' not found: {path}. Profiles live in cluster-config/.", path);
        }

        // Re-adding environment and command line keeps them above the profile file.
        configuration.AddJsonFile(path, optional: false, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
    }
}
