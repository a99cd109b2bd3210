using Microsoft.Extensions.Options;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Catalog;
using OrleansReco.Grains.Ranking;
using OrleansReco.Learning;
using OrleansReco.Learning.Segments;

namespace OrleansReco.Grains.Segments;

/// <summary>Persisted state of one segment.</summary>
[GenerateSerializer, Alias("OrleansReco.SegmentGrainState")]
public sealed class SegmentGrainState
{
    [Id(0)] public float[] Centroid { get; set; } = [];

    [Id(1)] public long Size { get; set; }

    [Id(2)] public long Updates { get; set; }

    [Id(3)] public Dictionary<string, double> Popularity { get; set; } = [];

    [Id(4)] public DateTimeOffset PopularityAt { get; set; }

    [Id(5)] public List<HourlyDriftState> Hours { get; set; } = [];

    [Id(6)] public long ModelVersion { get; set; }

    /// <summary>Segmentation generation (0: item-vector seeding; each fit adds one); batches of another generation are dropped.</summary>
    [Id(7)] public long Generation { get; set; }

    /// <summary>K of this generation; 0 before the first fit (the configured count).</summary>
    [Id(8)] public int SegmentCount { get; set; }

    /// <summary>Bounded sample of current member vectors, one per user.</summary>
    [Id(9)] public List<SampledUser> Sample { get; set; } = [];

    /// <summary>Distinct sample arrivals so far (reservoir sampling).</summary>
    [Id(10)] public long SampleSeen { get; set; }

    /// <summary>True when the last fit chose a K at most this segment's id.</summary>
    [Id(11)] public bool Retired { get; set; }

    /// <summary>Sampler state of the reservoir.</summary>
    [Id(12)] public ulong RandomState { get; set; }
}

/// <summary>Drift sums of one hour.</summary>
[GenerateSerializer, Alias("OrleansReco.HourlyDriftState")]
public sealed class HourlyDriftState
{
    [Id(0)] public DateTimeOffset Hour { get; set; }

    [Id(1)] public double CosineSum { get; set; }

    [Id(2)] public long Observations { get; set; }

    [Id(3)] public long DriftEvents { get; set; }
}

/// <summary>
/// One segment: its centroid follows the vectors its members send (online k-means with forgetting), its size counts
/// members joining and leaving, a decayed sketch keeps its most popular items, and hourly drift sums feed analytics.
/// Summaries respect the k-anonymity floor and, if configured, add Laplace noise to the size.
/// </summary>
public sealed class SegmentGrain(
    [PersistentState("segment", CatalogOptions.StorageName)] IPersistentState<SegmentGrainState> state,
    IItemIndexReplica replica,
    IOptions<SegmentOptions> options,
    RecoClock clock) : Grain, ISegmentGrain
{
    /// <summary>Hours of drift history kept.</summary>
    public const int HoursKept = 48;

    private int Id => (int)this.GetPrimaryKeyLong();

    /// <inheritdoc />
    public async Task ApplyAsync(SegmentBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var s = state.State;
        await EnsureCentroidAsync(batch.ModelVersion);
        if (batch.ModelVersion != s.ModelVersion || batch.Generation != s.Generation || s.Retired)
        {
            return; // vectors of another model's space, or members assigned by centroids a fit has replaced
        }

        s.Size = Math.Max(0, s.Size + batch.Joined - batch.Left);
        if (batch.VectorCount > 0 && batch.VectorSum.Length == s.Centroid.Length && VectorMath.AllFinite(batch.VectorSum))
        {
            OnlineKMeans.BatchStep(s.Centroid, batch.VectorSum, batch.VectorCount, s.Updates + 1, options.Value.MinLearningRate);
            s.Updates += batch.VectorCount;
        }

        AddItems(s, batch.Items);
        AddDrift(s, batch);
        AddSample(s, batch.Sample);
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task<SegmentView> GetViewAsync()
    {
        await EnsureCentroidAsync(modelVersion: null);
        var s = state.State;
        var shown = !s.Retired && PrivateAggregates.MayShow(s.Size, options.Value.MinimumUsersShown);
        var top = shown ? s.Popularity.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(options.Value.TopItemsCached).ToArray() : [];
        var max = top.Length > 0 ? top[0].Value : 1;
        var (sum, observations) = (s.Hours.Sum(h => h.CosineSum), s.Hours.Sum(h => h.Observations));
        return new SegmentView(s.Generation, s.ModelVersion, s.Retired ? [] : [.. s.Centroid], s.Size, [.. top.Select(p => p.Key)],
            [.. top.Select(p => (float)(p.Value / max))], shown && observations > 0 ? sum / observations : null, observations, sum);
    }

    /// <inheritdoc />
    public async Task<SegmentSample> GetSampleAsync()
    {
        await EnsureCentroidAsync(modelVersion: null);
        return new SegmentSample(state.State.ModelVersion, [.. state.State.Sample]);
    }

    /// <inheritdoc />
    public async Task ReseedAsync(SegmentSeed seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        await EnsureCentroidAsync(seed.ModelVersion);
        var s = state.State;
        if (seed.ModelVersion != s.ModelVersion || seed.Generation < s.Generation)
        {
            throw new InvalidOperationException($"Segment {Id} serves model {s.ModelVersion}, generation {s.Generation}; the seed is for model {seed.ModelVersion}, generation {seed.Generation}.");
        }

        (s.Generation, s.SegmentCount, s.Retired) = (seed.Generation, seed.K, seed.Centroid.Length == 0);
        if (!s.Retired)
        {
            s.Centroid = [.. seed.Centroid];
        }
        else
        {
            s.Sample.Clear(); // its members now belong to other segments, whose samples refill as they report
        }

        // Members re-join on their next batch, assigned by the new centroids; the centroid counts as the mean of its sampled members.
        (s.Size, s.Updates) = (0, Math.Max(1, seed.SampledMembers));
        s.Popularity.Clear();
        s.Hours.Clear();
        await state.WriteStateAsync();
    }

    /// <inheritdoc />
    public async Task<float[]> GetCentroidAsync()
    {
        await EnsureCentroidAsync(modelVersion: null);
        return [.. state.State.Centroid];
    }

    /// <inheritdoc />
    public Task<SegmentSummary> GetSummaryAsync()
    {
        var s = state.State;
        var o = options.Value;
        if (!PrivateAggregates.MayShow(s.Size, o.MinimumUsersShown))
        {
            return Task.FromResult(new SegmentSummary(Id, null, null, null, null, Hidden: true, Noisy: false));
        }

        var random = new DeterministicRandom(DeterministicRandom.SeedFrom($"segment-{Id}-{s.Updates}"));
        var size = o.NoiseEpsilon is { } epsilon ? PrivateAggregates.NoisyCount(s.Size, epsilon, ref random) : s.Size;
        var top = s.Popularity.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Take(10).Select(p => p.Key).ToArray();
        var hours = s.Hours.Where(h => h.Observations > 0)
            .Select(h => new HourlyDrift(h.Hour, h.CosineSum / h.Observations, h.DriftEvents)).ToArray();
        var observations = s.Hours.Sum(h => h.Observations);
        double? mean = observations == 0 ? null : s.Hours.Sum(h => h.CosineSum) / observations;
        return Task.FromResult(new SegmentSummary(Id, size, top, mean, hours, Hidden: false, Noisy: o.NoiseEpsilon is not null));
    }

    /// <summary>
    /// Seeds the centroid for the served model: k-means++ over the catalog's item vectors, this segment's row; a centroid
    /// of the version the served model was aligned to is kept.
    /// </summary>
    private async Task EnsureCentroidAsync(long? modelVersion)
    {
        var s = state.State;
        var catalog = (await replica.GetAsync()).Catalog;
        if (s.Centroid.Length > 0 && s.ModelVersion == catalog.ModelVersion)
        {
            return;
        }

        if (modelVersion is { } version && version != catalog.ModelVersion)
        {
            return;
        }

        if (s.Centroid.Length == catalog.Vectors.Dimensions && catalog.Rollover is { Alignment.Aligned: true } rollover
            && rollover.PreviousModelVersion == s.ModelVersion)
        {
            // The new item vectors were rotated into the previous space: the centroid keeps its meaning (and members).
            s.ModelVersion = catalog.ModelVersion;
            return;
        }

        var k = s.SegmentCount > 0 ? s.SegmentCount : options.Value.Count;
        var seeds = SegmentSeeds.For(catalog, k);
        s.Centroid = seeds.AsSpan((Id % k) * catalog.Vectors.Dimensions, catalog.Vectors.Dimensions).ToArray();
        (s.ModelVersion, s.Updates, s.Size) = (catalog.ModelVersion, 0, 0);
        s.Popularity.Clear();
        s.Sample.Clear();
    }

    /// <summary>Keeps one vector per user: a known user's vector is replaced, a new one enters the reservoir.</summary>
    private void AddSample(SegmentGrainState s, IReadOnlyList<SampledUser>? sample)
    {
        if (sample is null || sample.Count == 0)
        {
            return;
        }

        var random = new DeterministicRandom(s.RandomState == 0 ? DeterministicRandom.SeedFrom($"segment-sample-{Id}") : s.RandomState);
        foreach (var user in sample)
        {
            if (user.Vector.Length != s.Centroid.Length || !VectorMath.AllFinite(user.Vector))
            {
                continue;
            }

            var known = s.Sample.FindIndex(u => u.UserKey == user.UserKey);
            var slot = known >= 0 ? known : Reservoir.Slot(++s.SampleSeen, s.Sample.Count, options.Value.SampleSize, ref random);
            if (slot == s.Sample.Count)
            {
                s.Sample.Add(user);
            }
            else if (slot >= 0)
            {
                s.Sample[slot] = user;
            }
        }

        s.RandomState = random.State;
    }

    private void AddItems(SegmentGrainState s, Dictionary<string, int> items)
    {
        var now = clock.UtcNow;
        var hours = (now - s.PopularityAt).TotalHours;
        if (hours > 0 && s.Popularity.Count > 0)
        {
            var decay = Math.Pow(0.5, hours / options.Value.PopularityHalfLifeHours);
            foreach (var key in s.Popularity.Keys.ToArray())
            {
                s.Popularity[key] *= decay;
            }
        }

        s.PopularityAt = now;
        foreach (var (item, count) in items)
        {
            s.Popularity[item] = s.Popularity.GetValueOrDefault(item) + count;
        }

        var keep = options.Value.SketchSize;
        if (s.Popularity.Count > keep * 2)
        {
            s.Popularity = s.Popularity.OrderByDescending(p => p.Value).Take(keep).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }
    }

    private void AddDrift(SegmentGrainState s, SegmentBatch batch)
    {
        if (batch.DriftObservations == 0 && batch.DriftEvents == 0)
        {
            return;
        }

        var now = clock.UtcNow;
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var bucket = s.Hours.Find(h => h.Hour == hour);
        if (bucket is null)
        {
            bucket = new HourlyDriftState { Hour = hour };
            s.Hours.Add(bucket);
            s.Hours.RemoveAll(h => h.Hour < hour.AddHours(-HoursKept));
        }

        bucket.CosineSum += batch.DriftCosineSum;
        bucket.Observations += batch.DriftObservations;
        bucket.DriftEvents += batch.DriftEvents;
    }
}
