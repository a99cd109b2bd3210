using Orleans.Dashboard;
using OrleansReco.Gateway;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Hosting;
using OrleansReco.Grains.Users;
using OrleansReco.Hosting;
using OrleansReco.Ingestion.Kafka;

namespace OrleansReco.Silo;

/// <summary>
/// Builds the host: configuration from <c>cluster-config/{profile}/appsettings.json</c>, then environment
/// variables, then the command line (later wins); one silo whose clustering (Localhost or Redis) and grain storage
/// (Memory, AzureTable or Redis) come from the configuration; the HTTP gateway in the same process; the Kafka consumer
/// when <c>OrleansReco:Kafka:Enabled</c>.
/// </summary>
public static class EmbeddedHost
{
    /// <summary>Configuration key that turns the Orleans Dashboard on (grains, silos, calls per second).</summary>
    public const string DashboardEnabledKey = "OrleansReco:Dashboard:Enabled";

    /// <summary>Where the dashboard is served when enabled.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>Builds the web application with the silo; call <c>RunAsync</c> or <c>StartAsync</c> on it.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        HostProfile.AddProfileConfiguration(builder.Configuration, args);
        var cluster = HostProfile.Cluster(builder.Configuration);
        var storage = HostProfile.Storage(builder.Configuration);
        var dashboard = builder.Configuration.GetValue(DashboardEnabledKey, false);
        RefuseBadModelFile(builder.Configuration);
        builder.UseOrleans(siloBuilder =>
        {
            siloBuilder.UseOrleansRecoClustering(cluster);
            siloBuilder.AddOrleansRecoStorage(storage, UserGrainOptions.StorageName, CatalogOptions.StorageName);
            siloBuilder.AddOrleansRecoGrains();
            siloBuilder.AddKafkaIngestion(); // consumes only when OrleansReco:Kafka:Enabled is true
            if (dashboard)
            {
                siloBuilder.AddDashboard(_ => { });
            }
        });
        builder.Services.AddOrleansRecoGateway();

        var app = builder.Build();
        app.MapOrleansRecoApi();
        if (dashboard)
        {
            app.MapOrleansDashboard(routePrefix: DashboardPath);
        }

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
}
