using OrleansReco.Learning;
using OrleansReco.Training.Models;

namespace OrleansReco.Training.Streaming;

/// <summary>
/// An in-process reference of the grain recipe, for protocol P: the same start as <see cref="FrozenIalsStreaming"/>,
/// then every ingested event runs <see cref="OnlineUserLearner.Learn"/> (per-event ranking steps on u and the
/// short-term vector s) and ranking scores (u + β s) · v. A user with no event at all gets the warm-up popularity
/// ranking. This is not the grain-backed model: that one plugs in through <see cref="IStreamingRecommender"/>.
/// </summary>
public sealed class OnlineIalsStreaming(IalsOptions options, OnlineLearnerOptions learnerOptions, ProgressLog log) : ScoringStreamingRecommender
{
    private readonly OnlineUserLearner _learner = new(learnerOptions);
    private readonly Dictionary<int, UserModel> _users = [];
    private readonly float[] _query = new float[options.Dimensions];
    private IalsWarmStart? _start;

    /// <inheritdoc />
    public override string Name => "OrleansReco-online-ials";

    /// <inheritdoc />
    protected override void WarmUp(StreamingContext context)
    {
        _start = IalsWarmStart.Fit(context, options, Name, log);
        _users.Clear();
    }

    /// <inheritdoc />
    protected override void Score(int user, Span<float> scores)
    {
        var start = _start ?? throw new InvalidOperationException("Not warmed up.");
        var model = User(user, create: false);
        if (model is null)
        {
            start.Popularity.CopyTo(scores);
        }
        else
        {
            model.ScoringVector(learnerOptions.ShortTermBeta, _query);
            ImplicitAls.DotAll(_query, start.Items.All, options.Dimensions, scores);
        }

        start.MaskUnrankable(scores);
    }

    /// <inheritdoc />
    protected override void Ingest(int user, int item, long timestamp)
    {
        var model = User(user, create: true)!;
        _learner.Learn(model, _start!.Items, item, 1f, timestamp, timestamp);
    }

    private UserModel? User(int user, bool create)
    {
        if (_users.TryGetValue(user, out var model))
        {
            return model;
        }

        var start = _start!;
        if (!start.KnownUser[user] && !create)
        {
            return null;
        }

        var d = options.Dimensions;
        model = new UserModel(d, learnerOptions.ReplayCapacity, options.Seed + (ulong)user);
        if (start.KnownUser[user])
        {
            start.UserVectors.AsSpan(user * d, d).CopyTo(model.Vector);
            start.UserVectors.AsSpan(user * d, d).CopyTo(model.Baseline);
        }

        _users[user] = model;
        return model;
    }
}
