using OrleansReco.Gateway;
using OrleansReco.Hosting;

namespace OrleansReco.GatewayHost;

/// <summary>
/// Builds the standalone gateway: configuration as the silo host reads it (<c>cluster-config/{profile}</c>, environment,
/// command line); an Orleans client joins the cluster described by <c>OrleansReco:Silo</c> (Localhost: the silo's
/// gateway port; Redis: the membership table) and serves the HTTP API.
/// </summary>
public static class GatewayHost
{
    /// <summary>Builds the web application; call <c>RunAsync</c> or <c>StartAsync</c> on it.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        HostProfile.AddProfileConfiguration(builder.Configuration, args);
        var cluster = HostProfile.Cluster(builder.Configuration);
        builder.UseOrleansClient(client => client.UseOrleansRecoClustering(cluster));
        builder.Services.AddOrleansRecoGateway();
        var app = builder.Build();
        app.MapOrleansRecoApi();
        return app;
    }
}
