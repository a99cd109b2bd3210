namespace OrleansReco.Abstractions;

/// <summary>
/// One user segment (key: its index): a centroid that follows its members' vectors (online k-means with forgetting), a
/// size, a decayed item-popularity sketch and drift statistics. Fed in batches by every silo's segment assigner.
/// </summary>
public interface ISegmentGrain : IGrainWithIntegerKey
{
    /// <summary>Applies one silo's batch of member changes, vectors, items and drift observations.</summary>
    Task ApplyAsync(SegmentBatch batch);

    /// <summary>The current centroid.</summary>
    Task<float[]> GetCentroidAsync();

    /// <summary>What may be shown about the segment (k-anonymity floor and optional noise applied).</summary>
    Task<SegmentSummary> GetSummaryAsync();
}

/// <summary>One silo's changes to a segment since its last flush: member vectors arrive summed (mini-batch k-means).</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.SegmentBatch")]
public sealed record SegmentBatch(
    [property: Id(0)] int Joined,
    [property: Id(1)] int Left,
    [property: Id(2)] float[] VectorSum,
    [property: Id(8)] int VectorCount,
    [property: Id(3)] Dictionary<string, int> Items,
    [property: Id(4)] double DriftCosineSum,
    [property: Id(5)] int DriftObservations,
    [property: Id(6)] int DriftEvents,
    [property: Id(7)] long ModelVersion);

/// <summary>A segment as the analytics API shows it; sizes and top items are null under the k-anonymity floor.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.SegmentSummary")]
public sealed record SegmentSummary(
    [property: Id(0)] int SegmentId,
    [property: Id(1)] long? Size,
    [property: Id(2)] IReadOnlyList<string>? TopItems,
    [property: Id(3)] double? MeanDriftCosine,
    [property: Id(4)] IReadOnlyList<HourlyDrift>? DriftByHour,
    [property: Id(5)] bool Hidden,
    [property: Id(6)] bool Noisy);

/// <summary>Drift of a segment's members in one hour (UTC).</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.HourlyDrift")]
public sealed record HourlyDrift([property: Id(0)] DateTimeOffset Hour, [property: Id(1)] double MeanCosine, [property: Id(2)] long DriftEvents);
