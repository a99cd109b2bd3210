using System.Numerics.Tensors;
using OrleansReco.Training.Data;
using OrleansReco.Training.Models;

namespace OrleansReco.Training.Streaming;

/// <summary>
/// EASE-history for protocol P: B is fitted once on the warm-up; a user's scores are the sum of B's rows over the
/// user's current history (warm-up plus the replayed events ingested so far), kept incrementally per user.
/// Items absent from the warm-up have no column in B and cannot be ranked.
/// </summary>
public sealed class StreamingEaseHistory(double lambda, ProgressLog log) : ScoringStreamingRecommender
{
    private readonly Ease _ease = new(lambda);
    private readonly Dictionary<int, float[]> _userScores = [];
    private readonly Dictionary<int, List<int>> _history = [];
    private bool[] _rankable = [];

    /// <inheritdoc />
    public override string Name => "EASE-history";

    /// <inheritdoc />
    protected override void WarmUp(StreamingContext context)
    {
        var matrix = context.WarmUpMatrix();
        _ease.Fit(matrix, log);
        _rankable = new bool[context.ItemCount];
        for (var i = 0; i < context.ItemCount; i++)
        {
            _rankable[i] = matrix.ItemDegree(i) > 0;
        }

        foreach (var e in context.WarmUp)
        {
            History(e.User).Add(e.Item);
        }
    }

    /// <inheritdoc />
    protected override void Score(int user, Span<float> scores)
    {
        if (!_userScores.TryGetValue(user, out var cached))
        {
            cached = new float[scores.Length];
            foreach (var item in History(user))
            {
                TensorPrimitives.Add(cached, _ease.Row(item), cached);
            }

            _userScores[user] = cached;
        }

        cached.CopyTo(scores);
        for (var i = 0; i < scores.Length; i++)
        {
            if (!_rankable[i])
            {
                scores[i] = float.NegativeInfinity;
            }
        }
    }

    /// <inheritdoc />
    protected override void Ingest(int user, int item, long timestamp)
    {
        History(user).Add(item);
        if (_userScores.TryGetValue(user, out var cached))
        {
            TensorPrimitives.Add(cached, _ease.Row(item), cached);
        }
    }

    private List<int> History(int user)
    {
        if (!_history.TryGetValue(user, out var items))
        {
            _history[user] = items = [];
        }

        return items;
    }
}
