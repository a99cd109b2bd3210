using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OrleansReco.Hosting;

namespace OrleansReco.Client;

/// <summary>Registers the OrleansReco client: an Orleans client joined to the cluster, and <see cref="IRecommendationClient"/>.</summary>
public static class OrleansRecoClientServiceCollectionExtensions
{
    /// <summary>
    /// Adds an Orleans client configured from <paramref name="configure"/> and <see cref="IRecommendationClient"/> over it.
    /// The client connects when the host starts (<c>IHost.StartAsync</c>/<c>RunAsync</c>); starting fails when no
    /// gateway answers within <see cref="OrleansRecoClientOptions.ConnectTimeout"/>. Use it in a process without a silo:
    /// a silo host already has an <see cref="IGrainFactory"/> to build a <see cref="RecommendationClient"/> over.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the options (defaults: localhost clustering on gateway port 30000).</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid; the message names each bad option.</exception>
    /// <exception cref="InvalidOperationException">The OrleansReco client is already registered in <paramref name="services"/>.</exception>
    public static IServiceCollection AddOrleansReco(this IServiceCollection services, Action<OrleansRecoClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        if (services.Any(s => s.ServiceType == typeof(OrleansRecoClientMarker)))
        {
            throw new InvalidOperationException("AddOrleansReco was already called on these services; call it once.");
        }

        var options = new OrleansRecoClientOptions();
        configure(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new OptionsValidationException(nameof(OrleansRecoClientOptions), typeof(OrleansRecoClientOptions), errors);
        }

        var cluster = options.ToClusterConnection();
        var (responseTimeout, connectTimeout) = (options.ResponseTimeout, options.ConnectTimeout);
        services.AddSingleton<OrleansRecoClientMarker>();
        services.AddOrleansClient(client => client
            .UseOrleansRecoClustering(cluster)
            .Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = responseTimeout)
            .UseConnectionRetryFilter(new ConnectTimeoutRetryFilter(connectTimeout)));
        services.AddSingleton<IRecommendationClient, RecommendationClient>();
        return services;
    }

    /// <summary>
    /// Adds the OrleansReco client with options bound from the <see cref="OrleansRecoClientOptions.SectionName"/>
    /// configuration section (e.g. <c>OrleansReco__Client__GatewayPort=30001</c>), then <paramref name="configure"/>.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="configure">Changes the options after binding; optional.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="OptionsValidationException">The options are invalid; the message names each bad option.</exception>
    public static IHostApplicationBuilder AddOrleansReco(this IHostApplicationBuilder builder, Action<OrleansRecoClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(OrleansRecoClientOptions.SectionName);
        builder.Services.AddOrleansReco(options =>
        {
            section.Bind(options);
            configure?.Invoke(options);
        });
        return builder;
    }

    /// <summary>Marks services that already have the OrleansReco client.</summary>
    private sealed class OrleansRecoClientMarker;
}
