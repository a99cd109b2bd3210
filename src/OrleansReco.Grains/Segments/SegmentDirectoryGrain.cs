using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Ranking;
using OrleansReco.Learning;
using OrleansReco.Learning.Segments;

namespace OrleansReco.Grains.Segments;

/// <summary>Persisted state of the segmentation.</summary>
[GenerateSerializer, Alias("OrleansReco.SegmentDirectoryState")]
public sealed class SegmentDirectoryState
{
    [Id(0)] public long Generation { get; set; }

    /// <summary>K of the current generation; 0 before the first fit (the configured count).</summary>
    [Id(1)] public int K { get; set; }

    [Id(2)] public DateTimeOffset? FittedAt { get; set; }

    [Id(3)] public SegmentFitReport? LastFit { get; set; }
}

/// <summary>
/// The segmentation's directory (key 0): generation and K, <c>segments fit</c> on demand and, when
/// <see cref="SegmentOptions.FitIntervalHours"/> is set, on a grain timer (every silo's assigner polls this grain, so it stays active).
/// </summary>
public sealed partial class SegmentDirectoryGrain(
    [PersistentState("segment-directory", CatalogOptions.StorageName)] IPersistentState<SegmentDirectoryState> state,
    IItemIndexReplica replica,
    IOptions<SegmentOptions> options,
    RecoClock clock,
    ILogger<SegmentDirectoryGrain> logger) : Grain, ISegmentDirectoryGrain
{
    private int K => state.State.K > 0 ? state.State.K : options.Value.Count;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (options.Value.FitIntervalHours > 0)
        {
            var interval = TimeSpan.FromHours(options.Value.FitIntervalHours);
            var due = state.State.FittedAt is { } at ? at + interval - clock.UtcNow : interval;
            this.RegisterGrainTimer(ScheduledFitAsync, due < TimeSpan.Zero ? TimeSpan.Zero : due, interval);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<SegmentLayout> GetLayoutAsync() =>
        Task.FromResult(new SegmentLayout(state.State.Generation, K, state.State.FittedAt, state.State.LastFit));

    /// <inheritdoc />
    public async Task<SegmentFitReport> FitAsync(SegmentFitRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Validate() is [var first, ..])
        {
            throw new ArgumentException($"{first.Field}: {first.Message}", nameof(request));
        }

        var o = options.Value;
        var (minK, maxK) = (request.MinK ?? o.FitMinK, request.MaxK ?? Math.Max(o.FitMaxK, request.MinK ?? o.FitMinK));
        var catalog = (await replica.GetAsync()).Catalog;
        var d = catalog.Vectors.Dimensions;
        var points = await SampledVectorsAsync(catalog.ModelVersion, d);
        var n = points.Length / d;
        var now = clock.UtcNow;
        SegmentFitReport Refused(string problem) => new(false, problem, n, o.FitMinimumUsers, minK, maxK, 0, 0, [], [], state.State.Generation, catalog.ModelVersion, now);
        if (n < Math.Max(o.FitMinimumUsers, minK))
        {
            return Refused($"Only {n} users are sampled in model version {catalog.ModelVersion}; a fit needs at least {Math.Max(o.FitMinimumUsers, minK)} (OrleansReco:Segments:FitMinimumUsers). Nothing changed.");
        }

        var generation = state.State.Generation + 1;
        var settings = new SegmentFitSettings { SilhouetteSample = o.FitSilhouetteSample };
        var fit = await Task.Run(() => SegmentFit.Choose(points, d, minK, maxK, settings, DeterministicRandom.SeedFrom($"segments-fit-{generation}")));
        if (fit is null)
        {
            return Refused($"No K in [{minK}, {maxK}] fits {n} sampled users. Nothing changed.");
        }

        await ReseedAsync(fit, generation, catalog.ModelVersion, d);
        var report = new SegmentFitReport(true, null, n, o.FitMinimumUsers, minK, maxK, fit.K, fit.Silhouette,
            [.. fit.Candidates.Select(c => new SegmentFitPoint(c.K, c.Silhouette, c.Inertia))], fit.Sizes, generation, catalog.ModelVersion, now);
        (state.State.Generation, state.State.K, state.State.FittedAt, state.State.LastFit) = (generation, fit.K, now, report);
        await state.WriteStateAsync();
        LogFitted(logger, generation, fit.K, fit.Silhouette, n);
        return report;
    }

    /// <summary>Every segment's sample, one vector per user (the newest when a user moved between segments), row-major.</summary>
    private async Task<float[]> SampledVectorsAsync(long modelVersion, int d)
    {
        var samples = await Task.WhenAll(Enumerable.Range(0, K).Select(i => GrainFactory.GetGrain<ISegmentGrain>(i).GetSampleAsync()));
        var newest = new Dictionary<ulong, SampledUser>();
        foreach (var sample in samples)
        {
            if (sample.ModelVersion != modelVersion)
            {
                continue;
            }

            foreach (var user in sample.Users)
            {
                if (user.Vector.Length == d && (!newest.TryGetValue(user.UserKey, out var known) || known.At < user.At))
                {
                    newest[user.UserKey] = user;
                }
            }
        }

        var points = new float[newest.Count * d];
        var row = 0;
        foreach (var user in newest.Values.OrderBy(u => u.UserKey))
        {
            user.Vector.CopyTo(points, row++ * d);
        }

        return points;
    }

    /// <summary>Segments below the new K take the fitted centroids; the ones above retire.</summary>
    private async Task ReseedAsync(SegmentFitResult fit, long generation, long modelVersion, int d)
    {
        var count = Math.Max(fit.K, K);
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => GrainFactory.GetGrain<ISegmentGrain>(i).ReseedAsync(i < fit.K
            ? new SegmentSeed(generation, fit.K, modelVersion, fit.Centroids.AsSpan(i * d, d).ToArray(), fit.Sizes[i])
            : new SegmentSeed(generation, fit.K, modelVersion, [], 0))));
    }

    private async Task ScheduledFitAsync(CancellationToken cancellationToken)
    {
        try
        {
            var report = await FitAsync(new SegmentFitRequest());
            if (!report.Applied)
            {
                LogScheduledFitSkipped(logger, report.Problem!);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogScheduledFitSkipped(logger, e.Message);
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Segments fitted: generation {Generation}, K = {K} (sampled silhouette {Silhouette:F4}) on {Users} sampled users")]
    private static partial void LogFitted(ILogger logger, long generation, int k, double silhouette, int users);

    [LoggerMessage(2, LogLevel.Warning, "Scheduled segment fit changed nothing: {Reason}")]
    private static partial void LogScheduledFitSkipped(ILogger logger, string reason);
}
