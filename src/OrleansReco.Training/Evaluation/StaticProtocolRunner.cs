using System.Diagnostics;
using OrleansReco.Learning.Model;
using OrleansReco.Training.Data;
using OrleansReco.Training.Evaluation.Audit;
using OrleansReco.Training.Models;

namespace OrleansReco.Training.Evaluation;

/// <summary>
/// Protocol S end to end: the per-user temporal split, a validation split cut from train the same way for the
/// hyperparameter grids, then every model refitted on the full train split and scored on test.
/// </summary>
public sealed class StaticProtocolRunner(EvaluationSettings settings, ProgressLog log)
{
    /// <summary>Runs every selected model on <paramref name="dataset"/>.</summary>
    public IReadOnlyList<StaticResult> Run(InteractionDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var split = Splits.PerUserTemporal(dataset.Interactions);
        var train = InteractionMatrix.From(split.Train, dataset.UserCount, dataset.ItemCount);
        var test = new StaticEvaluation(train, split.Test);
        var validationSplit = Splits.PerUserTemporal(split.Train);
        var validationTrain = InteractionMatrix.From(validationSplit.Train, dataset.UserCount, dataset.ItemCount);
        var validation = new StaticEvaluation(validationTrain, validationSplit.Test);
        log.Info($"Protocol S: {split.Train.Length} train / {split.Test.Length} test events, {test.UserCount} users evaluated; " +
            $"validation {validationSplit.Train.Length} / {validationSplit.Test.Length}");

        var results = new List<StaticResult>();
        if (settings.Runs("MostPop"))
        {
            results.Add(FitAndScore(new MostPopular(), test, "-"));
        }

        if (settings.Runs("ItemKNN"))
        {
            results.Add(FitAndScore(new ItemKnn(settings.KnnNeighbours), test, $"k={settings.KnnNeighbours}"));
        }

        if (settings.Runs("EASE"))
        {
            RunEase(dataset, test, validation, results);
        }

        var runStatic = settings.Runs("OrleansReco-static");
        if (settings.Runs("iALS") || runStatic)
        {
            var (als, result) = RunIals(test, validation);
            if (settings.Runs("iALS"))
            {
                results.Add(result);
            }

            if (runStatic)
            {
                results.Add(RunFoldIn(dataset, als, split.Train.Length, result.TrainSeconds, test));
            }
        }

        if (settings.Runs("BPR-MF"))
        {
            var (best, _) = ModelSelection.Select("BPR-MF", settings.BprGrid,
                options => Validate(new BprMf(options with { Seed = settings.Seed }), validation), "ndcg@20", log);
            results.Add(FitAndScore(new BprMf(best with { Seed = settings.Seed }), test, best.ToString()));
        }

        return Audit(dataset, train, results);
    }

    /// <summary>
    /// The audit of every model's test lists: the catalogue is the candidates (items seen in train), popularity their
    /// train-interaction counts, each user's genre history their train items.
    /// </summary>
    private List<StaticResult> Audit(InteractionDataset dataset, InteractionMatrix train, List<StaticResult> results)
    {
        var clock = Stopwatch.StartNew();
        var inCatalogue = new bool[dataset.ItemCount];
        var counts = new int[dataset.ItemCount];
        for (var i = 0; i < dataset.ItemCount; i++)
        {
            counts[i] = train.ItemDegree(i);
            inCatalogue[i] = counts[i] > 0;
        }

        var catalog = new AuditCatalog(dataset, inCatalogue, counts);
        var auditor = new RecommendationAuditor(catalog, new TrainGenreHistory(catalog, train));
        var audited = results.ConvertAll(r => r.Metrics.Lists is { } lists ? r with { Audit = auditor.Audit(lists) } : r);
        log.Info($"Protocol S audit: {results.Count} models in {clock.Elapsed.TotalSeconds:F2}s");
        AuditCatalog = catalog;
        return audited;
    }

    /// <summary>The catalogue of the last run's audit (decile sizes), or null before a run.</summary>
    public AuditCatalog? AuditCatalog { get; private set; }

    private void RunEase(InteractionDataset dataset, StaticEvaluation test, StaticEvaluation validation, List<StaticResult> results)
    {
        if (dataset.ItemCount > settings.EaseMaxItems)
        {
            log.Info($"EASE: skipped, {dataset.ItemCount} items exceed --ease-max-items {settings.EaseMaxItems}");
            return;
        }

        var (lambda, _) = ModelSelection.Select("EASE", settings.EaseLambdas, l => Validate(new Ease(l), validation), "ndcg@20", log);
        results.Add(FitAndScore(new Ease(lambda), test, $"λ={lambda}"));
    }

    private (ImplicitAls Model, StaticResult Result) RunIals(StaticEvaluation test, StaticEvaluation validation)
    {
        var baseOptions = settings.Ials with { Seed = settings.Seed };
        var (best, _) = ModelSelection.Select("iALS", settings.IalsGrid,
            p => Validate(new ImplicitAls(baseOptions with { Alpha = p.Alpha, Regularization = p.Regularization, TrackLoss = false }), validation),
            "ndcg@20", log);
        var options = baseOptions with { Alpha = best.Alpha, Regularization = best.Regularization };
        var als = new ImplicitAls(options);
        var result = FitAndScore(als, test, options.ToString());
        return (als, result);
    }

    private StaticResult RunFoldIn(InteractionDataset dataset, ImplicitAls als, int trainEvents, double alsSeconds, StaticEvaluation test)
    {
        // Ship the item vectors through the model file exactly as a silo would receive them.
        var clock = Stopwatch.StartNew();
        using var file = new MemoryStream();
        ItemModelFile.Write(file, ItemModelExport.FromIals(dataset, als, modelVersion: 1, trainEvents));
        file.Position = 0;
        var model = ItemModelFile.Read(file);
        var foldIn = new FoldInRecommender(model);
        foldIn.Fit(test.Train, log);
        var seconds = alsSeconds + clock.Elapsed.TotalSeconds;
        var metrics = test.Evaluate(foldIn);
        log.Info($"{foldIn.Name}: ndcg@20 {metrics.Ndcg20:F4} ({model.Vectors.Length * 4 / 1024} KB of vectors via the model file)");
        return new StaticResult(foldIn.Name, metrics, seconds, als.Options + " + closed-form fold-in");
    }

    private double Validate(IStaticRecommender model, StaticEvaluation validation)
    {
        model.Fit(validation.Train, ProgressLog.Silent);
        return validation.Evaluate(model).Ndcg20;
    }

    private StaticResult FitAndScore(IStaticRecommender model, StaticEvaluation test, string hyperparameters)
    {
        log.Info($"{model.Name}: fitting on the train split ({hyperparameters})");
        var clock = Stopwatch.StartNew();
        model.Fit(test.Train, log);
        var seconds = clock.Elapsed.TotalSeconds;
        var metrics = test.Evaluate(model);
        log.Info($"{model.Name}: fitted in {seconds:F2}s, recall@20 {metrics.Recall20:F4}, ndcg@20 {metrics.Ndcg20:F4}");
        return new StaticResult(model.Name, metrics, seconds, hyperparameters);
    }
}
