using System.Globalization;
using OrleansReco.Learning;
using OrleansReco.Training.Data;
using OrleansReco.Training.Evaluation.Audit;
using OrleansReco.Training.Models;
using OrleansReco.Training.Streaming;
using OrleansReco.Training.Torch;
using OrleansReco.Training.Streaming.Grains;

namespace OrleansReco.Training.Evaluation;

/// <summary>
/// Protocol P end to end: the global-time split, hyperparameters chosen by replaying a validation split cut from the
/// warm-up the same way (first 80 % of the warm-up as its warm-up, HitRate@10 on the rest), then the replay.
/// </summary>
public sealed class StreamingProtocolRunner(EvaluationSettings settings, ProgressLog log)
{
    private IalsOptions? FrozenOptions { get; set; }

    /// <summary>The warm-up users' segmentation of the last run, or null when <see cref="EvaluationReport.SegmentModel"/> did not run.</summary>
    public SegmentChoice? Segments { get; private set; }

    /// <summary>
    /// Runs the built-in streaming models, then each of <paramref name="additional"/> (the hook for the grain-backed
    /// model: a factory receives the evaluator's data set and returns a fresh recommender; one that implements
    /// <see cref="IAsyncDisposable"/> is disposed after its replay).
    /// </summary>
    public async Task<IReadOnlyList<StreamingResult>> RunAsync(InteractionDataset dataset,
        IEnumerable<Func<InteractionDataset, IStreamingRecommender>>? additional = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var split = Splits.GlobalTime(dataset.Interactions);
        var evaluator = new StreamingEvaluator(dataset, split);
        var validation = new StreamingEvaluator(dataset, Splits.GlobalTime(split.Train));
        log.Info($"Protocol P: {split.Train.Length} warm-up events, {split.Test.Length} replayed");
        var results = new List<StreamingResult>();
        if (settings.Runs("MostPop"))
        {
            results.Add(await Replay(evaluator, new StreamingMostPopular(), "-", cancellationToken).ConfigureAwait(false));
        }

        if (settings.Runs("EASE-history") && dataset.ItemCount <= settings.EaseMaxItems)
        {
            var (lambda, _) = ModelSelection.Select("EASE-history", settings.EaseLambdas,
                l => Validate(validation, new StreamingEaseHistory(l, ProgressLog.Silent), cancellationToken), "hr@10", log);
            results.Add(await Replay(evaluator, new StreamingEaseHistory(lambda, log), $"λ={lambda}", cancellationToken).ConfigureAwait(false));
        }

        if (settings.Runs("OrleansReco-frozen-ials"))
        {
            var baseOptions = settings.Ials with { Seed = settings.Seed, TrackLoss = false };
            var (best, _) = ModelSelection.Select("OrleansReco-frozen-ials", settings.IalsGrid,
                p => Validate(validation, new FrozenIalsStreaming(baseOptions with { Alpha = p.Alpha, Regularization = p.Regularization }, ProgressLog.Silent),
                    cancellationToken), "hr@10", log);
            var options = baseOptions with { Alpha = best.Alpha, Regularization = best.Regularization };
            FrozenOptions = options;
            var towers = settings.Towers is null ? "" : " + user tower for new users";
            results.Add(await Replay(evaluator, new FrozenIalsStreaming(options, log, settings.Towers), options + towers, cancellationToken).ConfigureAwait(false));
        }

        if (settings.Runs("OrleansReco-online-ials"))
        {
            // Same item vectors as the frozen model (same hyperparameters and seed); learner options at their defaults.
            var options = FrozenOptions ?? settings.Ials with { Seed = settings.Seed, TrackLoss = false };
            var learner = new OnlineLearnerOptions();
            results.Add(await Replay(evaluator, new OnlineColdStartStreaming("OrleansReco-online-ials", context => OnlineStart.FromIals(IalsWarmStart.Fit(context, options, "OrleansReco-online-ials", log)), learner, options.Seed),
                $"{options} + OnlineUserLearner (lr={learner.LearningRate}, steps={learner.StepsPerEvent}, negatives={learner.NegativeSamples}, β={learner.ShortTermBeta}, decay={learner.ShortTermDecay})",
                cancellationToken).ConfigureAwait(false));
        }

        Segments = null;
        if (settings.Runs(EvaluationReport.SegmentModel))
        {
            // The online recipe again, but a user unknown at warm-up starts at the largest segment's centroid instead of popularity, then zero.
            var options = FrozenOptions ?? settings.Ials with { Seed = settings.Seed, TrackLoss = false };
            var model = new OnlineColdStartStreaming(EvaluationReport.SegmentModel, context =>
            {
                var (start, segments) = SegmentStart.Fit(IalsWarmStart.Fit(context, options, EvaluationReport.SegmentModel, log), settings.Segments, settings.Seed, log);
                Segments = segments;
                return start;
            }, new OnlineLearnerOptions(), options.Seed);
            var ks = string.Join(',', settings.Segments.Ks);
            var result = await Replay(evaluator, model, $"{options} + OnlineUserLearner (defaults) + new users start at the largest segment's centroid (K ∈ {{{ks}}} by sampled silhouette, {settings.Segments.Restarts} restarts)",
                cancellationToken).ConfigureAwait(false);
            results.Add(result with { Hyperparameters = $"{result.Hyperparameters}; chose K={Segments?.K.ToString(CultureInfo.InvariantCulture) ?? "none"}" });
        }

        if (settings.Runs("OrleansReco-streaming"))
        {
            // The production path: real UserGrains in an in-process silo, default learner options, same iALS item space.
            var options = FrozenOptions ?? settings.Ials with { Seed = settings.Seed, TrackLoss = false };
            var model = new GrainStreamingRecommender(options, new OnlineLearnerOptions(), settings.Towers, log);
            var towers = settings.Towers is null ? "no towers" : "user and content towers trained on the warm-up";
            var result = await Replay(evaluator, model, $"{options} + {towers} + UserGrain (default learner options; ranking without MMR and exploration)", cancellationToken).ConfigureAwait(false);
            results.Add(result with { Hyperparameters = $"{result.Hyperparameters}; warm-up replay {model.WarmUpEventsPerSecond:F0} events/s" });
        }

        foreach (var factory in additional ?? [])
        {
            var model = factory(dataset);
            results.Add(await Replay(evaluator, model, "external", cancellationToken).ConfigureAwait(false));
        }

        return Audit(dataset, split, results);
    }

    /// <summary>The catalogue of the last run's audit (decile sizes), or null before a run.</summary>
    public AuditCatalog? AuditCatalog { get; private set; }

    /// <summary>
    /// The audit of every model's replay lists: the catalogue is every item of the warm-up or the replay (each can be
    /// recommended once known), popularity the warm-up interaction counts (items new in the replay are in the "none"
    /// bucket), each user's genre history their warm-up events and the replayed events before the list.
    /// </summary>
    private List<StreamingResult> Audit(InteractionDataset dataset, TrainTestSplit split, List<StreamingResult> results)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var inCatalogue = new bool[dataset.ItemCount];
        var counts = new int[dataset.ItemCount];
        foreach (var e in split.Train)
        {
            counts[e.Item]++;
            inCatalogue[e.Item] = true;
        }

        foreach (var e in split.Test)
        {
            inCatalogue[e.Item] = true;
        }

        var catalog = new AuditCatalog(dataset, inCatalogue, counts);
        var auditor = new RecommendationAuditor(catalog, new ReplayGenreHistory(catalog, dataset.UserCount, split.Train, split.Test));
        var audited = results.ConvertAll(r => r.Metrics.Lists is { } lists ? r with { Audit = auditor.Audit(lists) } : r);
        log.Info($"Protocol P audit: {results.Count} models in {clock.Elapsed.TotalSeconds:F2}s");
        AuditCatalog = catalog;
        return audited;
    }

    private static double Validate(StreamingEvaluator validation, IStreamingRecommender model, CancellationToken cancellationToken) =>
        validation.EvaluateAsync(model, ProgressLog.Silent, cancellationToken).GetAwaiter().GetResult().HitRate10;

    private async Task<StreamingResult> Replay(StreamingEvaluator evaluator, IStreamingRecommender model, string hyperparameters, CancellationToken cancellationToken)
    {
        log.Info($"{model.Name}: warm-up and replay ({hyperparameters})");
        StreamingMetrics metrics;
        try
        {
            metrics = await evaluator.EvaluateAsync(model, log, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (model is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync().ConfigureAwait(false);
            }
        }

        log.Info($"{model.Name}: HR@10 {metrics.HitRate10:F4}, NDCG@10 {metrics.Ndcg10:F4}, warm users HR@10 {metrics.HitRate10WarmUsers:F4}");
        return new StreamingResult(model.Name, metrics, hyperparameters);
    }
}
