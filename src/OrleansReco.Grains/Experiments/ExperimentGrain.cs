using OrleansReco.Abstractions;
using OrleansReco.Grains.Catalog;

namespace OrleansReco.Grains.Experiments;

/// <summary>Persisted counts of one experiment.</summary>
[GenerateSerializer, Alias("OrleansReco.ExperimentGrainState")]
public sealed class ExperimentGrainState
{
    /// <summary>Counts per variant name.</summary>
    [Id(0)] public Dictionary<string, VariantCounts> Counts { get; set; } = [];

    /// <summary>Last batch sequence applied per source silo (a retried batch is applied once).</summary>
    [Id(1)] public Dictionary<string, long> AppliedSequences { get; set; } = [];
}

/// <summary>One experiment's counts. Receives one batch per silo per flush period, never a call per request.</summary>
public sealed class ExperimentGrain([PersistentState("experiment", CatalogOptions.StorageName)] IPersistentState<ExperimentGrainState> state)
    : Grain, IExperimentGrain
{
    /// <inheritdoc />
    public async Task ApplyAsync(ExperimentCountsBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var s = state.State;
        if (s.AppliedSequences.TryGetValue(batch.Source, out var applied) && applied >= batch.Sequence)
        {
            return;
        }

        var before = (new Dictionary<string, VariantCounts>(s.Counts), new Dictionary<string, long>(s.AppliedSequences));
        foreach (var (variant, counts) in batch.Variants)
        {
            s.Counts[variant] = s.Counts.GetValueOrDefault(variant, VariantCounts.Zero).Add(counts);
        }

        s.AppliedSequences[batch.Source] = batch.Sequence;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            (s.Counts, s.AppliedSequences) = before; // not stored: the silo sends the same batch again
            throw;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<string, VariantCounts>> GetCountsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, VariantCounts>>(new Dictionary<string, VariantCounts>(state.State.Counts));
}
