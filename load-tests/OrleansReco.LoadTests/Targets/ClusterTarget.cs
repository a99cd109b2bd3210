using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrleansReco.Hosting;

namespace OrleansReco.LoadTests.Targets;

/// <summary>An external cluster through the Orleans client, joined with the hosts' clustering options (<see cref="ClusterConnectionOptions"/>).</summary>
public sealed class ClusterTarget : GrainTarget
{
    private readonly IHost _host;
    private readonly ClusterConnectionOptions _options;

    private ClusterTarget(IHost host, ClusterConnectionOptions options) => (_host, _options) = (host, options);

    /// <inheritdoc />
    public override string Description => $"external cluster '{_options.ClusterId}' via Orleans client ({_options.Clustering}, gateway port {_options.GatewayPort})";

    /// <inheritdoc />
    protected override IGrainFactory Grains => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects the client; throws with the clustering problem when the options are invalid.</summary>
    public static async Task<ClusterTarget> ConnectAsync(ClusterConnectionOptions options)
    {
        if (options.Validate() is [var first, ..])
        {
            throw new ArgumentException(first);
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error).AddConsole();
        builder.UseOrleansClient(client => client.UseOrleansRecoClustering(options));
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterTarget(host, options);
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
