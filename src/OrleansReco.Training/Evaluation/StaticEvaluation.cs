using OrleansReco.Learning;
using OrleansReco.Training.Data;
using OrleansReco.Training.Evaluation.Audit;
using OrleansReco.Training.Models;
using OrleansReco.Training.Numerics;

namespace OrleansReco.Training.Evaluation;

/// <summary>
/// Protocol S scoring for one train/test split: candidates are the items seen in train, minus the user's own train
/// items; full ranking; metrics at K = 10 and 20 over users with ≥ 1 test item that exists in train (the relevant set
/// is those test items). Users are scored in parallel; the average is summed in user order, so it is deterministic.
/// </summary>
public sealed class StaticEvaluation
{
    private const int MaxK = 20;
    private const int AuditK = 10;
    private readonly int[] _users;
    private readonly HashSet<int>[] _relevant;
    private readonly int[] _notCandidates;

    /// <summary>Prepares the evaluation of <paramref name="test"/> against models fitted on <paramref name="train"/>.</summary>
    public StaticEvaluation(InteractionMatrix train, ReadOnlySpan<Interaction> test)
    {
        ArgumentNullException.ThrowIfNull(train);
        Train = train;
        var notCandidates = new List<int>();
        for (var i = 0; i < train.ItemCount; i++)
        {
            if (train.ItemDegree(i) == 0)
            {
                notCandidates.Add(i);
            }
        }

        _notCandidates = [.. notCandidates];
        var relevant = new SortedDictionary<int, HashSet<int>>();
        foreach (var e in test)
        {
            if (train.ItemDegree(e.Item) > 0 && !train.Contains(e.User, e.Item))
            {
                if (!relevant.TryGetValue(e.User, out var set))
                {
                    relevant[e.User] = set = [];
                }

                set.Add(e.Item);
            }
        }

        _users = [.. relevant.Keys];
        _relevant = [.. relevant.Values];
    }

    /// <summary>The training matrix models are fitted on.</summary>
    public InteractionMatrix Train { get; }

    /// <summary>Number of users the metrics average over.</summary>
    public int UserCount => _users.Length;

    /// <summary>Scores every evaluated user with <paramref name="model"/> (already fitted) and averages the metrics.</summary>
    public StaticMetrics Evaluate(IStaticRecommender model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var perUser = new double[_users.Length * 6];
        var n = Train.ItemCount;
        var lists = new RecommendationLog(AuditK, _users.Length);
        Parallel.For(0, _users.Length, () => (Scores: new float[n], Top: new int[MaxK]), (index, _, buffers) =>
        {
            var user = _users[index];
            var history = Train.ItemsOf(user);
            model.Score(user, history, buffers.Scores);
            foreach (var item in history)
            {
                buffers.Scores[item] = float.NegativeInfinity;
            }

            foreach (var item in _notCandidates)
            {
                buffers.Scores[item] = float.NegativeInfinity;
            }

            var count = ScoreSelection.Top(buffers.Scores, buffers.Top);
            ReadOnlySpan<int> ranked = buffers.Top.AsSpan(0, count);
            var relevant = _relevant[index];
            var row = perUser.AsSpan(index * 6, 6);
            row[0] = RankingMetrics.RecallAt(ranked, relevant, 10);
            row[1] = RankingMetrics.RecallAt(ranked, relevant, 20);
            row[2] = RankingMetrics.NdcgAt(ranked, relevant, 10);
            row[3] = RankingMetrics.NdcgAt(ranked, relevant, 20);
            row[4] = RankingMetrics.MrrAt(ranked, relevant, 20);
            row[5] = RankingMetrics.HitRateAt(ranked, relevant, 20);
            lists.Set(index, user, ranked, row[0], row[2]);
            return buffers;
        }, _ => { });

        var sums = new double[6];
        for (var u = 0; u < _users.Length; u++)
        {
            for (var m = 0; m < 6; m++)
            {
                sums[m] += perUser[(u * 6) + m];
            }
        }

        var users = Math.Max(1, _users.Length);
        return new StaticMetrics(sums[0] / users, sums[1] / users, sums[2] / users, sums[3] / users, sums[4] / users, sums[5] / users, _users.Length)
        {
            Lists = lists,
        };
    }
}
