using System.Diagnostics;
using OrleansReco.Training.Data;
using OrleansReco.Training.Evaluation;
using OrleansReco.Training.Streaming;

namespace OrleansReco.Training.Commands;

/// <summary><c>evaluate</c>: protocols S and P of DESIGN.md on a MovieLens folder; prints a table, optionally writes JSON.</summary>
/// <param name="streamingModels">
/// Extra protocol P models (e.g. the grain-backed one), each created from the data set after the built-in models ran.
/// </param>
public sealed class EvaluateCommand(IEnumerable<Func<InteractionDataset, IStreamingRecommender>>? streamingModels = null) : ICommand
{
    private readonly IReadOnlyList<Func<InteractionDataset, IStreamingRecommender>> _streamingModels = [.. streamingModels ?? []];

    /// <inheritdoc />
    public string Name => "evaluate";

    /// <inheritdoc />
    public string Summary => "Protocol S (static) and P (streaming) evaluation of the baselines and our model.";

    /// <inheritdoc />
    public string Usage => string.Join(Environment.NewLine,
        DatasetArguments.Usage,
        "  --out <file.json>   also write the results as JSON",
        "  --markdown <file.md> also write the audit tables as Markdown",
        "  --protocol <s|p|all> which protocol(s) to run (default all)",
        "  --models <a,b,...>  only these models (MostPop, ItemKNN, EASE, iALS, BPR-MF, OrleansReco-static,",
        "                      EASE-history, OrleansReco-frozen-ials, OrleansReco-online-ials,",
        "                      OrleansReco-online-segment, OrleansReco-streaming)",
        "  --seed <n>          seed of every randomised model (default 42)",
        "  --ease-max-items <n> skip EASE above this many items (default 6000)",
        "  --quick             tiny grids and few sweeps (smoke test)",
        "  --quiet             no progress lines");

    /// <inheritdoc />
    public async Task<int> RunAsync(CommandLine args, TextWriter output, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var progress = new ProgressLog(args.Flag("quiet") ? null : log);
        var settings = args.Flag("quick") ? EvaluationSettings.Quick : new EvaluationSettings();
        var models = args.Optional("models");
        settings = settings with
        {
            Seed = (ulong)args.Long("seed", (long)settings.Seed),
            EaseMaxItems = args.Int("ease-max-items", settings.EaseMaxItems),
            Models = models is null ? null : new HashSet<string>(models.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase),
        };
        var protocol = (args.Optional("protocol") ?? "all").ToLowerInvariant();
        if (protocol is not ("s" or "p" or "all"))
        {
            throw new UsageException("--protocol must be s, p or all.");
        }

        var outPath = args.Optional("out");
        var markdownPath = args.Optional("markdown");
        var dataset = DatasetArguments.Load(args, progress);
        args.RejectUnknown();

        var clock = Stopwatch.StartNew();
        var staticRunner = new StaticProtocolRunner(settings, progress);
        var staticResults = protocol is "s" or "all" ? staticRunner.Run(dataset) : [];
        var streaming = new StreamingProtocolRunner(settings, progress);
        var streamingResults = protocol is "p" or "all"
            ? await streaming.RunAsync(dataset, _streamingModels, cancellationToken).ConfigureAwait(false)
            : [];
        var report = new EvaluationReport(dataset.Name, staticResults, streamingResults)
        {
            Segmentation = streaming.Segments,
            StaticAuditCatalog = staticRunner.AuditCatalog,
            StreamingAuditCatalog = streaming.AuditCatalog,
        };
        report.Details["format"] = dataset.Format;
        report.Details["users"] = dataset.UserCount;
        report.Details["items"] = dataset.ItemCount;
        report.Details["interactions"] = dataset.Interactions.Length;
        report.Details["seed"] = settings.Seed;
        report.Details["selection_metric"] = "protocol S: validation ndcg@20; protocol P: validation replay hr@10";
        report.Details["total_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 2);

        await output.WriteAsync(report.ToTable()).ConfigureAwait(false);
        var audit = report.ToAuditMarkdown();
        if (audit.Length > 0)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteAsync(audit).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"Total evaluation time: {clock.Elapsed.TotalSeconds:F1}s").ConfigureAwait(false);
        if (outPath is not null)
        {
            await File.WriteAllTextAsync(outPath, report.ToJson(), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"Wrote {Path.GetFullPath(outPath)}").ConfigureAwait(false);
        }

        if (markdownPath is not null)
        {
            await File.WriteAllTextAsync(markdownPath, audit, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"Wrote {Path.GetFullPath(markdownPath)}").ConfigureAwait(false);
        }

        return 0;
    }
}
