namespace OrleansReco.Training.Streaming;

/// <summary>
/// Protocol P's cold-start slices: the first event and the first five events of each user new in the test
/// period, and the events whose target item was not in the warm-up (a fixed-ID model scores 0 there).
/// </summary>
public sealed class ColdStartSlices
{
    private int _firstHits;
    private int _firstFiveHits;
    private int _newItemHits;

    /// <summary>New users' first events.</summary>
    public int FirstEvents { get; private set; }

    /// <summary>New users' events among their first five.</summary>
    public int FirstFiveEvents { get; private set; }

    /// <summary>Events whose target was not in the warm-up.</summary>
    public int NewItemEvents { get; private set; }

    /// <summary>HitRate@10 on new users' first events.</summary>
    public double FirstEventHitRate => Rate(_firstHits, FirstEvents);

    /// <summary>HitRate@10 on new users' first five events.</summary>
    public double FirstFiveHitRate => Rate(_firstFiveHits, FirstFiveEvents);

    /// <summary>HitRate@10 on events whose target was not in the warm-up.</summary>
    public double NewItemHitRate => Rate(_newItemHits, NewItemEvents);

    /// <summary>Records the <paramref name="index"/>-th (0-based) test event of a user new in the test period.</summary>
    public void NewUserEvent(int index, bool hit)
    {
        if (index == 0)
        {
            FirstEvents++;
            _firstHits += hit ? 1 : 0;
        }

        if (index < 5)
        {
            FirstFiveEvents++;
            _firstFiveHits += hit ? 1 : 0;
        }
    }

    /// <summary>Records an event whose target item was not in the warm-up.</summary>
    public void NewItemEvent(bool hit)
    {
        NewItemEvents++;
        _newItemHits += hit ? 1 : 0;
    }

    private static double Rate(int hits, int events) => events == 0 ? 0 : (double)hits / events;
}
