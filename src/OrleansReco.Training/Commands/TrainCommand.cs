using System.Diagnostics;
using OrleansReco.Learning;
using OrleansReco.Learning.Model;
using OrleansReco.Learning.Towers;
using OrleansReco.Training.Models;
using OrleansReco.Training.Torch;

namespace OrleansReco.Training.Commands;

/// <summary>
/// <c>train</c>: the TorchSharp hybrid model (ID embedding + genres + release year) and the cold-start towers on all
/// interactions, written as a model file; or, with <c>--compare p</c>, the protocol P comparison of the hybrid and iALS
/// item spaces with and without the towers (each fitted on the warm-up only).
/// </summary>
public sealed class TrainCommand : ICommand
{
    /// <inheritdoc />
    public string Name => "train";

    /// <inheritdoc />
    public string Summary => "Train the TorchSharp hybrid model and cold-start towers (CPU) and write the model file (.orm).";

    /// <inheritdoc />
    public string Usage => string.Join(Environment.NewLine,
        DatasetArguments.Usage,
        "  --out <model.orm>   output file (required unless --compare p)",
        "  --model-version <n> model version (default: Unix time in seconds)",
        "  --dim <d>           vector dimension (default 64)",
        "  --loss <bpr|softmax> ranking loss (default softmax: sampled softmax over shared uniform negatives)",
        "  --epochs <n>        maximum epochs; early stopping on validation Recall@20 (default 30)",
        "  --patience <n>      epochs without improvement before stopping; 0 = no validation (default 3)",
        "  --validation <per-user|global> held-out latest 10 % of each user's events, or of all events (default per-user)",
        "  --lr <x>            Adam step size (default 0.005)",
        "  --reg <x>           L2 weight on the batch's vectors (default 0.01)",
        "  --temperature <τ>   softmax temperature (default 0.2)",
        "  --negatives <n>     uniform negatives per batch (default 256)",
        "  --batch <n>         pairs per batch (default 1024)",
        "  --item-norm <x>     rescale item vectors to this RMS norm, users inversely (default 0: off)",
        "  --towers <all|user|content|none> cold-start towers to train (default all)",
        "  --tower-epochs <n>  epochs per tower (default 6)",
        "  --user-first-events <n> user tower learns from each user's first n events only (default 5; 0 = all)",
        "  --user-scale <x>    factor folded into the user tower's output layer (default 0.1)",
        "  --content-rank-weight <x> weight of the content tower's ranking term (default 0.1)",
        "  --threads <n>       torch threads (default 1; 0 = libtorch's choice)",
        "  --seed <n>          seed of torch and of the sampling (default 42)",
        "  --compare p         instead: protocol P replay, online learner over iALS vs hybrid items, with/without towers",
        "  --ials-alpha <a>, --ials-reg <λ>  iALS hyperparameters of --compare (default 3, 30)",
        "  --quick             2 epochs, 1 tower epoch (smoke test)",
        "  --quiet             no progress lines");

    /// <inheritdoc />
    public async Task<int> RunAsync(CommandLine args, TextWriter output, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var progress = new ProgressLog(args.Flag("quiet") ? null : log);
        var options = ParseOptions(args);
        var compare = args.Optional("compare");
        if (compare is not null && !string.Equals(compare, "p", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException("--compare takes 'p' (protocol P).");
        }

        var ialsDefaults = new IalsOptions();
        var ials = ialsDefaults with
        {
            Dimensions = options.Dimensions,
            Alpha = args.Float("ials-alpha", ialsDefaults.Alpha),
            Regularization = args.Float("ials-reg", ialsDefaults.Regularization),
            Seed = options.Seed,
            TrackLoss = false,
        };
        var outPath = compare is null ? args.Required("out") : args.Optional("out");
        var version = args.Long("model-version", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var dataset = DatasetArguments.Load(args, progress);
        args.RejectUnknown();

        var clock = Stopwatch.StartNew();
        if (compare is not null)
        {
            var rows = await ColdStartComparison.RunAsync(dataset, ials, options, new OnlineLearnerOptions(), progress, cancellationToken).ConfigureAwait(false);
            await output.WriteAsync(ColdStartComparison.ToTable(rows)).ConfigureAwait(false);
            await output.WriteLineAsync($"iALS: {ials}; hybrid: {options}; learner: OnlineLearnerOptions defaults; {clock.Elapsed.TotalSeconds:F1}s").ConfigureAwait(false);
            if (outPath is null)
            {
                return 0;
            }

            clock.Restart();
        }

        var result = HybridTraining.Fit(dataset, dataset.Interactions, options, progress, cancellationToken);
        var model = result.ToItemModel(version);
        ItemModelFile.Write(outPath!, model);
        var towers = model.Towers.Count == 0 ? "no towers" : $"towers {string.Join(", ", TowerNames(result.Towers))}";
        await output.WriteLineAsync($"Wrote model v{version}: {model.Items.Count} items × {model.Dimensions} dimensions, {towers}, " +
            $"best epoch {result.Fit.BestEpoch} (validation Recall@20 {result.Fit.BestValidationRecall20:F4}) to {Path.GetFullPath(outPath!)} " +
            $"({new FileInfo(outPath!).Length / 1024} KB) in {clock.Elapsed.TotalSeconds:F1}s").ConfigureAwait(false);
        return 0;
    }

    private static HybridOptions ParseOptions(CommandLine args)
    {
        var defaults = new HybridOptions();
        var quick = args.Flag("quick");
        var loss = (args.Optional("loss") ?? "softmax").ToLowerInvariant() switch
        {
            "bpr" => HybridLoss.Bpr,
            "softmax" or "sampled-softmax" => HybridLoss.SampledSoftmax,
            var other => throw new UsageException($"--loss must be bpr or softmax, not '{other}'."),
        };
        var validation = (args.Optional("validation") ?? "per-user").ToLowerInvariant() switch
        {
            "per-user" => HybridValidation.PerUserTemporal,
            "global" => HybridValidation.GlobalTime,
            var other => throw new UsageException($"--validation must be per-user or global, not '{other}'."),
        };
        var towers = (args.Optional("towers") ?? "all").ToLowerInvariant();
        if (towers is not ("all" or "user" or "content" or "none"))
        {
            throw new UsageException("--towers must be all, user, content or none.");
        }

        var options = defaults with
        {
            Dimensions = args.Int("dim", defaults.Dimensions),
            Loss = loss,
            MaxEpochs = args.Int("epochs", quick ? 2 : defaults.MaxEpochs),
            Patience = args.Int("patience", defaults.Patience),
            Validation = validation,
            LearningRate = args.Float("lr", defaults.LearningRate),
            Regularization = args.Float("reg", defaults.Regularization),
            Temperature = args.Float("temperature", defaults.Temperature),
            Negatives = args.Int("negatives", defaults.Negatives),
            BatchSize = args.Int("batch", defaults.BatchSize),
            ItemNorm = args.Float("item-norm", defaults.ItemNorm),
            Threads = args.Int("threads", defaults.Threads),
            Seed = (ulong)args.Long("seed", (long)defaults.Seed),
            Towers = defaults.Towers with
            {
                UserTower = towers is "all" or "user",
                ContentTower = towers is "all" or "content",
                Epochs = args.Int("tower-epochs", quick ? 1 : defaults.Towers.Epochs),
                UserFirstEvents = args.Int("user-first-events", defaults.Towers.UserFirstEvents),
                UserOutputScale = args.Float("user-scale", defaults.Towers.UserOutputScale),
                ContentRankingWeight = args.Float("content-rank-weight", defaults.Towers.ContentRankingWeight),
            },
        };
        var errors = options.Validate();
        return errors.Count == 0 ? options : throw new UsageException(string.Join(" ", errors));
    }

    private static IEnumerable<string> TowerNames(TowerSet? towers)
    {
        if (towers?.User is not null)
        {
            yield return TowerSet.UserTowerName;
        }

        if (towers?.Content is not null)
        {
            yield return TowerSet.ContentTowerName;
        }
    }
}
