using BenchmarkDotNet.Attributes;
using OrleansReco.Learning;

namespace OrleansReco.Benchmarks;

/// <summary>
/// One interaction through <see cref="OnlineUserLearner.Learn"/>: d = 64, 8 sampled negatives, and a replay
/// mini-batch of 4 past positives (the reference configuration), against a 10k-item catalog.
/// Target: ≤ 2 µs and 0 bytes allocated per interaction.
/// </summary>
[MemoryDiagnoser]
public class OnlineUpdateBenchmark
{
    private const int Items = 10_000;
    private const long Now = 1_700_000_000;
    private ItemVectors _items = null!;
    private OnlineUserLearner _learner = null!;
    private UserModel _user = null!;
    private int _next;

    /// <summary>Vector dimension.</summary>
    [Params(64)]
    public int Dimensions { get; set; }

    /// <summary>Ranking loss.</summary>
    [Params(RankingLoss.Bpr, RankingLoss.SampledSoftmax)]
    public RankingLoss Loss { get; set; }

    /// <summary>Optimizer.</summary>
    [Params(OptimizerKind.Sgd, OptimizerKind.Adam)]
    public OptimizerKind Optimizer { get; set; }

    /// <summary>Builds a seeded catalog and a user with a full replay buffer.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new DeterministicRandom(42);
        var data = new float[Items * Dimensions];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = random.NextGaussian();
        }

        for (var i = 0; i < Items; i++)
        {
            VectorMath.NormalizeInPlace(data.AsSpan(i * Dimensions, Dimensions));
        }

        _items = new ItemVectors(data, Dimensions);
        _learner = new OnlineUserLearner(new OnlineLearnerOptions
        {
            NegativeSamples = 8, ReplaySamples = 4, Loss = Loss, Optimizer = Optimizer, LearningRate = Optimizer == OptimizerKind.Sgd ? 0.25f : 0.05f,
        });
        _user = new UserModel(Dimensions, 64, seed: 7);
        for (var e = 0; e < 64; e++)
        {
            _learner.Learn(_user, _items, random.NextInt(Items), 1f, Now, Now);
        }
    }

    /// <summary>One positive interaction: gradient step with 8 negatives and 4 replayed positives.</summary>
    [Benchmark]
    public bool OnlineUpdate()
    {
        _next = (_next + 7919) % Items;
        return _learner.Learn(_user, _items, _next, 1f, Now, Now);
    }
}
