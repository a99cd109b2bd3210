namespace OrleansReco.Abstractions;

/// <summary>The counts of one experiment (key: its name), fed by every silo's aggregator in batches.</summary>
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>Adds a silo's batch unless this source's batch of that sequence number or a later one was applied.</summary>
    Task ApplyAsync(ExperimentCountsBatch batch);

    /// <summary>Counts per variant so far.</summary>
    Task<IReadOnlyDictionary<string, VariantCounts>> GetCountsAsync();
}
