namespace OrleansReco.Abstractions;

/// <summary>
/// The live fairness and bias audit (key 0): recent exposures (items shown by recommendations) and recent positive
/// interactions, fed in batches by every silo's exposure recorder; reports popularity-decile exposure, coverage, Gini and
/// exposure per demographic group under the k-anonymity floor.
/// </summary>
public interface IAuditGrain : IGrainWithIntegerKey
{
    /// <summary>Applies one silo's exposures and interactions since its last flush.</summary>
    Task ApplyAsync(ExposureBatch batch);

    /// <summary>The popularity decile (0 = most popular … 9) of every item with recent interactions; others are "none".</summary>
    Task<Dictionary<string, byte>> GetPopularityDecilesAsync();

    /// <summary>The audit of the recent window.</summary>
    Task<ExposureAuditReport> GetReportAsync();
}
