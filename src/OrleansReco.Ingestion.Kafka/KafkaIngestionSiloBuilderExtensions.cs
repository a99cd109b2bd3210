using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace OrleansReco.Ingestion.Kafka;

/// <summary>Adds the Kafka consumer to a silo.</summary>
public static class KafkaIngestionSiloBuilderExtensions
{
    /// <summary>
    /// Binds <see cref="KafkaIngestionOptions"/> from <c>OrleansReco:Kafka</c> (validated at start-up) and, when
    /// <c>Enabled</c> is true there, runs the consumer as a hosted service that starts after the silo and stops before it.
    /// </summary>
    public static ISiloBuilder AddKafkaIngestion(this ISiloBuilder builder)
    {
        builder.Services.AddKafkaIngestion(builder.Configuration);
        return builder;
    }

    /// <summary>As <see cref="AddKafkaIngestion(ISiloBuilder)"/>, for a host that holds an <see cref="IGrainFactory"/> (a silo or a client).</summary>
    public static IServiceCollection AddKafkaIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KafkaIngestionOptions>().BindConfiguration(KafkaIngestionOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaIngestionOptions>, OptionsValidator>());
        services.AddMetrics();
        services.TryAddSingleton<KafkaIngestionMetrics>();
        if (configuration.GetValue<bool>($"{KafkaIngestionOptions.SectionName}:{nameof(KafkaIngestionOptions.Enabled)}"))
        {
            services.AddHostedService<KafkaIngestionService>();
        }

        return services;
    }

    private sealed class OptionsValidator : IValidateOptions<KafkaIngestionOptions>
    {
        public ValidateOptionsResult Validate(string? name, KafkaIngestionOptions options) =>
            options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
    }
}
