using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration.Overrides;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace OrleansReco.Persistence.AzureTable;

/// <summary>
/// Registers <see cref="AzureTableGrainStorage"/> providers, with the same overloads as the official
/// <c>AddAzureTableGrainStorage</c> (Microsoft.Orleans.Persistence.AzureStorage).
/// </summary>
public static class AzureTableGrainStorageSiloBuilderExtensions
{
    /// <summary>Adds an Azure Table grain storage provider named <paramref name="name"/>.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">Provider name, as in <c>[PersistentState("state", name)]</c>.</param>
    /// <param name="configureOptions">Sets the connection string or client, the table name, ….</param>
    public static ISiloBuilder AddAzureTableGrainStorage(
        this ISiloBuilder builder, string name, Action<AzureTableGrainStorageOptions> configureOptions)
    {
        ArgumentNullException.ThrowIfNull(configureOptions);
        return builder.AddAzureTableGrainStorage(name, options => options.Configure(configureOptions));
    }

    /// <summary>Adds an Azure Table grain storage provider named <paramref name="name"/>, configured through an options builder
    /// (e.g. <c>ob =&gt; ob.BindConfiguration("Storage:Users")</c>).</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">Provider name, as in <c>[PersistentState("state", name)]</c>.</param>
    /// <param name="configureOptions">Configures the named options; may be null when they are configured elsewhere.</param>
    public static ISiloBuilder AddAzureTableGrainStorage(
        this ISiloBuilder builder, string name, Action<OptionsBuilder<AzureTableGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddAzureTableGrainStorage(name, configureOptions);
        return builder;
    }

    /// <summary>Adds an Azure Table grain storage provider as the default provider (grains that name none).</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Sets the connection string or client, the table name, ….</param>
    public static ISiloBuilder AddAzureTableGrainStorageAsDefault(
        this ISiloBuilder builder, Action<AzureTableGrainStorageOptions> configureOptions) =>
        builder.AddAzureTableGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds an Azure Table grain storage provider as the default provider (grains that name none).</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configureOptions">Configures the options; may be null when they are configured elsewhere.</param>
    public static ISiloBuilder AddAzureTableGrainStorageAsDefault(
        this ISiloBuilder builder, Action<OptionsBuilder<AzureTableGrainStorageOptions>>? configureOptions = null) =>
        builder.AddAzureTableGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Adds an Azure Table grain storage provider named <paramref name="name"/> to a silo's services.</summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="name">Provider name, as in <c>[PersistentState("state", name)]</c>.</param>
    /// <param name="configureOptions">Configures the named options; may be null when they are configured elsewhere.</param>
    public static IServiceCollection AddAzureTableGrainStorage(
        this IServiceCollection services, string name, Action<OptionsBuilder<AzureTableGrainStorageOptions>>? configureOptions = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);

        var options = services.AddOptions<AzureTableGrainStorageOptions>(name);
        configureOptions?.Invoke(options);
        options.ValidateOnStart();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<AzureTableGrainStorageOptions>, AzureTableGrainStorageOptionsValidator>());

        if (string.Equals(name, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, StringComparison.Ordinal))
        {
            services.TryAddSingleton(sp => sp.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        }

        return services.AddGrainStorage(name, Create);
    }

    private static AzureTableGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<AzureTableGrainStorageOptions>>().Get(name);
        // The DI default IGrainStorageSerializer is JSON; state is stored with Orleans' binary serializer unless configured.
        var serializer = options.GrainStorageSerializer
            ?? ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services);
        return new AzureTableGrainStorage(
            name,
            options,
            services.GetProviderClusterOptions(name).Value,
            serializer,
            services.GetRequiredService<IActivatorProvider>(),
            services.GetRequiredService<ILogger<AzureTableGrainStorage>>());
    }
}
