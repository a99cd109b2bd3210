using BenchmarkDotNet.Attributes;
using OrleansReco.Grains.Users;

namespace OrleansReco.Benchmarks;

/// <summary>
/// What a user batch pays to be able to roll back a failed storage write: the deep copy of the whole state the grain
/// used to take (reproduced here as it was) against <see cref="UserStateCheckpoint"/>. A long-lived user at the
/// default limits: d = 64, replay ring of 64, 500 seen ids, 20 remembered idempotency keys.
/// </summary>
[MemoryDiagnoser]
public class UserBatchRollbackBenchmark
{
    private UserState _state = null!;

    /// <summary>Seen ids held.</summary>
    [Params(64, 500)]
    public int Seen { get; set; }

    /// <summary>Builds the full state.</summary>
    [GlobalSetup]
    public void Setup()
    {
        const int D = 64;
        const int Replay = 64;
        _state = new UserState
        {
            Vector = new float[D], ShortTerm = new float[D], BaselineHalf = new Half[D],
            ReplayItems = new int[Replay], ReplayWeightsHalf = new Half[Replay], ReplaySeconds = new uint[Replay], ReplayCount = Replay,
            RecentlySeen = [.. Enumerable.Range(1, Seen).Select(i => $"item-{i}")],
            AcceptedBatches = [.. Enumerable.Range(0, 20).Select(i => new AcceptedBatch($"key-{i}", new OrleansReco.Abstractions.RecordResult(1, [], i, 1f, false, 1)))],
        };
    }

    /// <summary>The deep copy UserState.Clone() made before every batch.</summary>
    [Benchmark(Baseline = true)]
    public UserState DeepCopy()
    {
        var s = _state;
        return new UserState
        {
            Vector = [.. s.Vector], ShortTerm = [.. s.ShortTerm], BaselineHalf = [.. s.BaselineHalf], Moment1 = [.. s.Moment1], Moment2 = [.. s.Moment2],
            OptimizerSteps = s.OptimizerSteps, RandomState = s.RandomState,
            ReplayItems = [.. s.ReplayItems], ReplayWeightsHalf = [.. s.ReplayWeightsHalf], ReplaySeconds = [.. s.ReplaySeconds],
            ReplayHead = s.ReplayHead, ReplayCount = s.ReplayCount,
            RecentlySeen = [.. s.RecentlySeen], Hidden = new HashSet<string>(s.HiddenItems, StringComparer.Ordinal),
            InteractionCount = s.InteractionCount, ModelVersion = s.ModelVersion, LastUpdated = s.LastUpdated,
            DriftCosine = s.DriftCosine, AverageDriftCosine = s.AverageDriftCosine, DriftEvents = s.DriftEvents, Segment = s.Segment,
            Demographics = s.Demographics, AcceptedBatches = [.. s.AcceptedBatches!],
        };
    }

    /// <summary>The checkpoint a batch takes now (and releases when it is stored).</summary>
    [Benchmark]
    public int Checkpoint()
    {
        var checkpoint = UserStateCheckpoint.Capture(_state, hides: false);
        checkpoint.Release();
        return _state.ReplayCount;
    }
}
