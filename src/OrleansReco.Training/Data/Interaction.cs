namespace OrleansReco.Training.Data;

/// <summary>One implicit-feedback event with dense user and item indices; the rating is kept for reference only.</summary>
public readonly record struct Interaction(int User, int Item, long Timestamp, float Rating)
{
    /// <summary>The protocol order: by timestamp, then user, then item.</summary>
    public static int CompareByTime(Interaction a, Interaction b)
    {
        var byTime = a.Timestamp.CompareTo(b.Timestamp);
        if (byTime != 0)
        {
            return byTime;
        }

        var byUser = a.User.CompareTo(b.User);
        return byUser != 0 ? byUser : a.Item.CompareTo(b.Item);
    }
}
