using OrleansReco.Learning;
using OrleansReco.Training.Models;
using OrleansReco.Training.Streaming;

namespace OrleansReco.Training.Torch;

/// <summary>
/// The in-process grain recipe (default <see cref="OnlineUserLearner"/> steps on
/// u, scoring (u + β s) · v) over any <see cref="OnlineStart"/>: iALS or hybrid item space, with or without content
/// vectors for items new since warm-up and demographic initial vectors for new users.
/// </summary>
public sealed class OnlineColdStartStreaming(string name, Func<StreamingContext, OnlineStart> start, OnlineLearnerOptions learnerOptions, ulong seed)
    : ScoringStreamingRecommender
{
    private readonly OnlineUserLearner _learner = new(learnerOptions);
    private readonly Dictionary<int, UserModel> _users = [];
    private OnlineStart? _start;
    private float[] _query = [];

    /// <inheritdoc />
    public override string Name => name;

    /// <inheritdoc />
    protected override void WarmUp(StreamingContext context)
    {
        _start = start(context);
        _query = new float[_start.Items.Dimensions];
        _users.Clear();
    }

    /// <inheritdoc />
    protected override void Score(int user, Span<float> scores)
    {
        var current = _start ?? throw new InvalidOperationException("Not warmed up.");
        var model = User(user, create: false);
        if (model is null)
        {
            current.Popularity.CopyTo(scores);
        }
        else
        {
            model.ScoringVector(learnerOptions.ShortTermBeta, _query);
            ImplicitAls.DotAll(_query, current.Items.All, current.Items.Dimensions, scores);
        }

        for (var i = 0; i < scores.Length; i++)
        {
            if (!current.Rankable[i])
            {
                scores[i] = float.NegativeInfinity;
            }
        }
    }

    /// <inheritdoc />
    protected override void Ingest(int user, int item, long timestamp)
    {
        var model = User(user, create: true)!;
        _learner.Learn(model, _start!.Items, item, 1f, timestamp, timestamp);
    }

    /// <summary>The user's model: trained vector for warm-up users, else the cold-start vector, else (when creating) zero.</summary>
    private UserModel? User(int user, bool create)
    {
        if (_users.TryGetValue(user, out var model))
        {
            return model;
        }

        var current = _start!;
        var d = current.Items.Dimensions;
        var initial = current.KnownUsers[user] ? current.UserVectors.AsSpan(user * d, d).ToArray() : current.InitialVector?.Invoke(user);
        if (initial is null && !create)
        {
            return null;
        }

        model = new UserModel(d, learnerOptions.ReplayCapacity, seed + (ulong)user);
        if (initial is not null)
        {
            initial.CopyTo(model.Vector, 0);
            System.Numerics.Tensors.TensorPrimitives.ConvertToHalf(initial, model.Baseline);
        }

        _users[user] = model;
        return model;
    }
}
