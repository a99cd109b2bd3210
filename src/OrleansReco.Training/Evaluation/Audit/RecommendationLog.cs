namespace OrleansReco.Training.Evaluation.Audit;

/// <summary>
/// The top-k lists a protocol showed, kept for the audit: one per evaluated user (protocol S) or per replayed event
/// (protocol P), each with its user and its Recall@k and NDCG@k. Slots are written independently, so distinct slots may
/// be filled from parallel workers.
/// </summary>
public sealed class RecommendationLog
{
    private readonly int[] _items;
    private readonly int[] _users;
    private readonly double[] _recall;
    private readonly double[] _ndcg;

    /// <summary>Room for <paramref name="count"/> lists of at most <paramref name="k"/> items.</summary>
    public RecommendationLog(int k, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        K = k;
        Count = count;
        _items = new int[k * count];
        Array.Fill(_items, -1);
        _users = new int[count];
        _recall = new double[count];
        _ndcg = new double[count];
    }

    /// <summary>List length.</summary>
    public int K { get; }

    /// <summary>Number of lists.</summary>
    public int Count { get; }

    /// <summary>Stores list <paramref name="index"/>: its first <see cref="K"/> items of <paramref name="ranked"/>.</summary>
    public void Set(int index, int user, ReadOnlySpan<int> ranked, double recall, double ndcg)
    {
        var slot = _items.AsSpan(index * K, K);
        slot.Fill(-1);
        ranked[..Math.Min(K, ranked.Length)].CopyTo(slot);
        (_users[index], _recall[index], _ndcg[index]) = (user, recall, ndcg);
    }

    /// <summary>The items of list <paramref name="index"/>, best first.</summary>
    public ReadOnlySpan<int> Items(int index)
    {
        var slot = _items.AsSpan(index * K, K);
        var length = slot.IndexOf(-1);
        return length < 0 ? slot : slot[..length];
    }

    /// <summary>The user list <paramref name="index"/> was shown to.</summary>
    public int User(int index) => _users[index];

    /// <summary>Recall@K of list <paramref name="index"/> (protocol P: 1 for a hit, else 0).</summary>
    public double Recall(int index) => _recall[index];

    /// <summary>NDCG@K of list <paramref name="index"/>.</summary>
    public double Ndcg(int index) => _ndcg[index];
}
