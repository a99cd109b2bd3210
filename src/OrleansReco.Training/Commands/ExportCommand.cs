using System.Diagnostics;
using OrleansReco.Learning.Model;
using OrleansReco.Training.Data;
using OrleansReco.Training.Models;
using OrleansReco.Training.Torch;

namespace OrleansReco.Training.Commands;

/// <summary>
/// <c>export</c>: trains iALS on all interactions, then (unless <c>--no-towers</c>) the cold-start towers on its
/// vectors (TorchSharp), and writes the item model file.
/// </summary>
public sealed class ExportCommand : ICommand
{
    /// <inheritdoc />
    public string Name => "export";

    /// <inheritdoc />
    public string Summary => "Train iALS on the full data and write the model file (.orm).";

    /// <inheritdoc />
    public string Usage => string.Join(Environment.NewLine,
        DatasetArguments.Usage,
        "  --out <model.orm>   output file (required)",
        "  --model-version <n> model version (default: Unix time in seconds)",
        "  --dim <d>           factor dimension (default 64)",
        "  --alpha <a>         confidence weight α (default 3)",
        "  --reg <λ>           regularisation λ (default 30)",
        "  --sweeps <n>        ALS sweeps (default 10)",
        "  --seed <n>          initialisation seed (default 42)",
        "  --no-towers         skip the user tower (demographics → first vector) and the content tower (new items)",
        "  --quiet             no progress lines");

    /// <inheritdoc />
    public Task<int> RunAsync(CommandLine args, TextWriter output, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var progress = new ProgressLog(args.Flag("quiet") ? null : log);
        var defaults = new IalsOptions();
        var options = defaults with
        {
            Dimensions = args.Int("dim", defaults.Dimensions),
            Alpha = args.Float("alpha", defaults.Alpha),
            Regularization = args.Float("reg", defaults.Regularization),
            Sweeps = args.Int("sweeps", defaults.Sweeps),
            Seed = (ulong)args.Long("seed", (long)defaults.Seed),
        };
        if (options.Dimensions < 1 || options.Sweeps < 1 || !(options.Alpha >= 0) || !(options.Regularization > 0))
        {
            throw new UsageException("--dim and --sweeps must be ≥ 1, --alpha ≥ 0 and --reg > 0.");
        }

        var towers = !args.Flag("no-towers");
        var outPath = args.Required("out");
        var version = args.Long("model-version", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var dataset = DatasetArguments.Load(args, progress);
        args.RejectUnknown();

        var clock = Stopwatch.StartNew();
        var matrix = InteractionMatrix.From(dataset.Interactions, dataset.UserCount, dataset.ItemCount);
        var als = new ImplicitAls(options);
        als.Fit(matrix, progress);
        var towerSet = towers
            ? HybridTraining.TrainTowers(dataset, dataset.Interactions, als.ToItemVectors(), als.UserFactors,
                new HybridOptions { Dimensions = options.Dimensions, Seed = options.Seed }, progress, cancellationToken)
            : null;
        var model = ItemModelExport.FromIals(dataset, als, version, dataset.Interactions.Length, towerSet);
        ItemModelFile.Write(outPath, model);
        var towerNote = towerSet is null ? "no towers" : $"towers: {(towerSet.User is null ? "" : "user ")}{(towerSet.Content is null ? "" : "content")}".TrimEnd();
        output.WriteLine($"Wrote model v{version}: {model.Items.Count} items × {model.Dimensions} dimensions ({options}; {towerNote}) to " +
            $"{Path.GetFullPath(outPath)} ({new FileInfo(outPath).Length / 1024} KB) in {clock.Elapsed.TotalSeconds:F1}s");
        return Task.FromResult(0);
    }
}
