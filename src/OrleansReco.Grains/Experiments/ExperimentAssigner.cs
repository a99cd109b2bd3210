using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansReco.Abstractions;
using OrleansReco.Learning.Experiments;

namespace OrleansReco.Grains.Experiments;

/// <summary>
/// Per silo: caches the experiments (re-read every <see cref="ExperimentOptions.RefreshSeconds"/>), assigns users to
/// variants by hash, and sums the exposures and outcomes of this silo's users into one batch per experiment every
/// <see cref="ExperimentOptions.FlushSeconds"/>, so no request waits for, and no single grain receives, a call per event.
/// Batches carry this silo's id and a sequence number; one that fails is sent again, in order, and applied once.
/// </summary>
public sealed partial class ExperimentAssigner(IGrainFactory grains, IOptions<ExperimentOptions> options, RecoClock clock, ILogger<ExperimentAssigner> logger)
    : SiloLoop
{
    private readonly string _source = Guid.NewGuid().ToString("N");
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly Dictionary<string, Queue<ExperimentCountsBatch>> _unsent = new(StringComparer.Ordinal);
    private Dictionary<string, Dictionary<string, Counter>> _pending = new(StringComparer.Ordinal);
    private ActiveExperiment[] _experiments = [];
    private long _sequence;
    private DateTime _lastRefresh = DateTime.MinValue;

    /// <summary>The options in force.</summary>
    public ExperimentOptions Options => options.Value;

    /// <inheritdoc />
    protected override TimeSpan Period => TimeSpan.FromSeconds(options.Value.FlushSeconds);

    /// <summary>The variants <paramref name="userId"/> is in for the experiments running now, with their settings.</summary>
    public ExperimentArms Assign(string userId)
    {
        var experiments = Volatile.Read(ref _experiments);
        if (experiments.Length == 0)
        {
            return ExperimentArms.None;
        }

        var now = clock.UtcNow;
        List<ExperimentAssignment>? assignments = null;
        var settings = new VariantSettings();
        foreach (var experiment in experiments)
        {
            if (!experiment.Info.IsRunningAt(now))
            {
                continue;
            }

            var variant = experiment.Info.Definition.Variants[VariantAssignment.Assign(experiment.Name, userId, experiment.Traffic)];
            (assignments ??= []).Add(new ExperimentAssignment(experiment.Name, variant.Name));
            var own = variant.Settings;
            settings = new VariantSettings(own.Lambda ?? settings.Lambda, own.Epsilon ?? settings.Epsilon, own.Candidates ?? settings.Candidates);
        }

        return assignments is null ? ExperimentArms.None : new ExperimentArms(assignments, settings);
    }

    /// <summary>Counts one recommendation list of <paramref name="items"/> items shown to a user of that variant.</summary>
    public void RecordExposure(ExperimentAssignment assignment, int items)
    {
        lock (_gate)
        {
            var counter = CounterOf(assignment.Experiment, assignment.Variant);
            counter.Lists++;
            counter.Exposures += items;
        }
    }

    /// <summary>Counts an outcome on an item shown to a user of that variant, while the experiment still runs.</summary>
    public void RecordOutcome(ExperimentAssignment assignment, ExperimentOutcome outcome)
    {
        var now = clock.UtcNow;
        if (Array.Find(Volatile.Read(ref _experiments), e => e.Name == assignment.Experiment) is not { } experiment || !experiment.Info.IsRunningAt(now))
        {
            return;
        }

        lock (_gate)
        {
            CounterOf(assignment.Experiment, assignment.Variant).Outcomes[(int)outcome]++;
        }
    }

    /// <summary>Re-reads the experiments (also done periodically).</summary>
    public async Task RefreshAsync()
    {
        var all = await grains.GetGrain<IExperimentRegistryGrain>(0).ListAsync();
        var now = clock.UtcNow;
        var active = new List<ActiveExperiment>();
        foreach (var info in all)
        {
            if (info.StatusAt(now) is ExperimentStatus.Running or ExperimentStatus.Scheduled)
            {
                active.Add(new ActiveExperiment(info));
            }
        }

        Volatile.Write(ref _experiments, [.. active]);
    }

    /// <summary>Sends every queued count now (also done periodically); a batch that fails stays queued for the next flush.</summary>
    public async Task FlushAsync()
    {
        await _flushing.WaitAsync();
        try
        {
            QueuePending();
            foreach (var (experiment, queue) in _unsent)
            {
                await SendAsync(experiment, queue);
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <inheritdoc />
    protected override async Task TickAsync()
    {
        try
        {
            if (DateTime.UtcNow - _lastRefresh >= TimeSpan.FromSeconds(options.Value.RefreshSeconds))
            {
                await RefreshAsync();
                _lastRefresh = DateTime.UtcNow;
            }

            await FlushAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogRefreshFailed(logger, e.Message);
        }
    }

    /// <inheritdoc />
    protected override Task StoppedAsync() => FlushAsync();

    private void QueuePending()
    {
        Dictionary<string, Dictionary<string, Counter>> pending;
        lock (_gate)
        {
            (pending, _pending) = (_pending, new(StringComparer.Ordinal));
        }

        foreach (var (experiment, variants) in pending)
        {
            var counts = new Dictionary<string, VariantCounts>(variants.Count, StringComparer.Ordinal);
            foreach (var (variant, c) in variants)
            {
                counts[variant] = new VariantCounts(c.Lists, c.Exposures, c.Outcomes[0], c.Outcomes[1], c.Outcomes[2], c.Outcomes[3]);
            }

            if (!_unsent.TryGetValue(experiment, out var queue))
            {
                _unsent[experiment] = queue = new Queue<ExperimentCountsBatch>();
            }

            queue.Enqueue(new ExperimentCountsBatch(_source, ++_sequence, counts));
        }
    }

    private async Task SendAsync(string experiment, Queue<ExperimentCountsBatch> queue)
    {
        while (queue.TryPeek(out var batch))
        {
            try
            {
                await grains.GetGrain<IExperimentGrain>(experiment).ApplyAsync(batch);
                queue.Dequeue();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFlushFailed(logger, experiment, queue.Count, e.Message);
                return; // keep the order: later batches wait for this one
            }
        }
    }

    private Counter CounterOf(string experiment, string variant)
    {
        if (!_pending.TryGetValue(experiment, out var variants))
        {
            _pending[experiment] = variants = new Dictionary<string, Counter>(StringComparer.Ordinal);
        }

        if (!variants.TryGetValue(variant, out var counter))
        {
            variants[variant] = counter = new Counter();
        }

        return counter;
    }

    [LoggerMessage(1, LogLevel.Warning, "Experiment {Experiment}: {Batches} count batches could not be sent yet: {Reason}")]
    private static partial void LogFlushFailed(ILogger logger, string experiment, int batches, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Experiments could not be refreshed: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    private sealed class ActiveExperiment(ExperimentInfo info)
    {
        public ExperimentInfo Info { get; } = info;

        public string Name { get; } = info.Definition.Name;

        public double[] Traffic { get; } = [.. info.Definition.Variants.Select(v => v.Traffic)];
    }

    private sealed class Counter
    {
        public long Lists { get; set; }

        public long Exposures { get; set; }

        public long[] Outcomes { get; } = new long[4];
    }
}
