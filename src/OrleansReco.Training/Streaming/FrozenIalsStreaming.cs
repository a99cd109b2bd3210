using OrleansReco.Learning.Towers;
using OrleansReco.Training.Models;
using OrleansReco.Training.Torch;

namespace OrleansReco.Training.Streaming;

/// <summary>
/// Our model without online updates, for protocol P: iALS item vectors fitted on the warm-up, each warm-up user's
/// vector solved in closed form from the warm-up history and then frozen. Users unknown at warm-up are ranked from the
/// user tower's vector for their demographics when <paramref name="towers"/> is given and they have any, else by warm-up
/// popularity; items absent from the warm-up have no vector and cannot be ranked.
/// </summary>
public sealed class FrozenIalsStreaming(IalsOptions options, ProgressLog log, HybridOptions? towers = null) : ScoringStreamingRecommender
{
    private readonly Dictionary<int, float[]> _towerVectors = [];
    private IalsWarmStart? _start;
    private ColdStartTower? _userTower;
    private StreamingContext? _context;

    /// <inheritdoc />
    public override string Name => "OrleansReco-frozen-ials";

    /// <inheritdoc />
    protected override void WarmUp(StreamingContext context)
    {
        _context = context;
        _start = IalsWarmStart.Fit(context, options, Name, log);
        _towerVectors.Clear();
        _userTower = towers is null ? null
            : HybridTraining.TrainTowers(context.Dataset, context.WarmUp, _start.Items, _start.UserVectors,
                towers with { Dimensions = options.Dimensions, Seed = options.Seed, Towers = towers.Towers with { ContentTower = false } }, log)?.User;
    }

    /// <inheritdoc />
    protected override void Score(int user, Span<float> scores)
    {
        var start = _start ?? throw new InvalidOperationException("Not warmed up.");
        var d = options.Dimensions;
        if (start.KnownUser[user])
        {
            ImplicitAls.DotAll(start.UserVectors.AsSpan(user * d, d), start.Items.All, d, scores);
        }
        else if (TowerVector(user) is { } vector)
        {
            ImplicitAls.DotAll(vector, start.Items.All, d, scores);
        }
        else
        {
            start.Popularity.CopyTo(scores);
        }

        start.MaskUnrankable(scores);
    }

    private float[]? TowerVector(int user)
    {
        if (_userTower is null || _context!.Dataset.Users[user] is not { } info)
        {
            return null;
        }

        if (!_towerVectors.TryGetValue(user, out var vector))
        {
            vector = _userTower.Embed(TowerFeatures.AttributesOf(info));
            _towerVectors[user] = vector;
        }

        return vector;
    }

    /// <inheritdoc />
    protected override void Ingest(int user, int item, long timestamp)
    {
        // Frozen: no online update.
    }
}
