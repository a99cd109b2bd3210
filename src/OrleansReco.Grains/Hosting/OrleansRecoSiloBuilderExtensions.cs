using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OrleansReco.Grains.Audit;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Experiments;
using OrleansReco.Grains.Ranking;
using OrleansReco.Grains.Segments;
using OrleansReco.Grains.Users;
using OrleansReco.Learning;

namespace OrleansReco.Grains.Hosting;

/// <summary>Registers the OrleansReco grains and their services on a silo.</summary>
public static class OrleansRecoSiloBuilderExtensions
{
    /// <summary>
    /// Adds the OrleansReco grains, binds their options from configuration (<c>OrleansReco:*</c>) and validates
    /// them at start-up. Grain storage named <c>users</c> and <c>catalog</c> must be registered separately.
    /// </summary>
    public static ISiloBuilder AddOrleansRecoGrains(this ISiloBuilder builder)
    {
        var services = builder.Services;
        AddValidatedOptions<OnlineLearnerOptions>(services, OnlineLearnerOptions.SectionName, o => o.Validate());
        AddValidatedOptions<DriftOptions>(services, DriftOptions.SectionName, o => o.Validate());
        AddValidatedOptions<InteractionWeights>(services, InteractionWeights.SectionName, o => o.Validate());
        AddValidatedOptions<CatalogOptions>(services, CatalogOptions.SectionName, o => o.Validate());
        AddValidatedOptions<UserGrainOptions>(services, UserGrainOptions.SectionName, o => o.Validate());
        AddValidatedOptions<RankingOptions>(services, RankingOptions.SectionName, o => o.Validate());
        AddValidatedOptions<SegmentOptions>(services, SegmentOptions.SectionName, o => o.Validate());
        AddValidatedOptions<ExperimentOptions>(services, ExperimentOptions.SectionName, o => o.Validate());
        AddValidatedOptions<AuditOptions>(services, AuditOptions.SectionName, o => o.Validate());

        services.AddMetrics();
        services.TryAddSingleton(RecoClock.System);
        services.TryAddSingleton<RecoMetrics>();
        services.TryAddSingleton<IItemIndexReplica, ItemIndexReplica>();
        services.TryAddSingleton<CatalogSubscription>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<CatalogSubscription>());
        services.TryAddSingleton<SegmentAssigner>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SegmentAssigner>());
        services.TryAddSingleton<ExperimentAssigner>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ExperimentAssigner>());
        services.TryAddSingleton<ExposureRecorder>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ExposureRecorder>());
        services.TryAddSingleton(sp => new RankingPipeline(sp.GetRequiredService<IOptions<RankingOptions>>().Value));
        services.TryAddSingleton(sp => new OnlineUserLearner(sp.GetRequiredService<IOptions<OnlineLearnerOptions>>().Value));
        services.TryAddSingleton(sp => new DriftMonitor(sp.GetRequiredService<IOptions<DriftOptions>>().Value));
        return builder;
    }

    private static void AddValidatedOptions<T>(IServiceCollection services, string section, Func<T, IReadOnlyList<string>> validate)
        where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<T>>(new DelegateValidator<T>(section, validate));
    }

    private sealed class DelegateValidator<T>(string section, Func<T, IReadOnlyList<string>> validate) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var errors = validate(options);
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Select(e => $"{section}: {e}"));
        }
    }
}
