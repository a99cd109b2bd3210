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

    /// <summary>What every silo caches: centroid, generation, size, top items with weights, drift mean (null under the floor).</summary>
    Task<SegmentView> GetViewAsync();

    /// <summary>The bounded sample of current member vectors (for <c>segments fit</c>).</summary>
    Task<SegmentSample> GetSampleAsync();

    /// <summary>Starts generation <paramref name="seed"/>.Generation from a fitted centroid (or retires the segment); batches of older generations are dropped.</summary>
    Task ReseedAsync(SegmentSeed seed);
}

/// <summary>A user's vector as sampled for <c>segments fit</c>: a stable hash of the user id (to keep one vector per user) and the vector.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.SampledUser")]
public sealed record SampledUser([property: Id(0)] ulong UserKey, [property: Id(1)] float[] Vector, [property: Id(2)] DateTimeOffset At);

/// <summary>A segment's member sample, in one model version.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.SegmentSample")]
public sealed record SegmentSample([property: Id(0)] long ModelVersion, [property: Id(1)] IReadOnlyList<SampledUser> Users);

/// <summary>A re-seed from <c>segments fit</c>: the new generation, K, and this segment's centroid (empty: retired, K ≤ its id).</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.SegmentSeed")]
public sealed record SegmentSeed(
    [property: Id(0)] long Generation,
    [property: Id(1)] int K,
    [property: Id(2)] long ModelVersion,
    [property: Id(3)] float[] Centroid,
    [property: Id(4)] long SampledMembers);

/// <summary>
/// What each silo caches of a segment: its generation and centroid (to assign users), its size (the most likely segment of a
/// new user), its most popular items with weights in (0, 1] (a ranking candidate source; empty under the k-anonymity floor)
/// and its mean cosine to baseline (null under the floor; the raw sums feed the population-wide mean).
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.SegmentView")]
public sealed record SegmentView(
    [property: Id(0)] long Generation,
    [property: Id(1)] long ModelVersion,
    [property: Id(2)] float[] Centroid,
    [property: Id(3)] long Size,
    [property: Id(4)] string[] TopItems,
    [property: Id(5)] float[] TopWeights,
    [property: Id(6)] double? MeanDriftCosine,
    [property: Id(7)] long DriftObservations,
    [property: Id(8)] double DriftCosineSum);

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
    [property: Id(7)] long ModelVersion,
    [property: Id(9)] long Generation = 0,
    [property: Id(10)] IReadOnlyList<SampledUser>? Sample = null);

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
