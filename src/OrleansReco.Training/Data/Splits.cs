namespace OrleansReco.Training.Data;

/// <summary>A train/test partition of interactions, each part in protocol order.</summary>
public sealed record TrainTestSplit(Interaction[] Train, Interaction[] Test);

/// <summary>The evaluation splits of DESIGN.md ("Evaluation protocols").</summary>
public static class Splits
{
    /// <summary>The test share of both protocols.</summary>
    public const double TestFraction = 0.2;

    /// <summary>n_test = max(1, round(fraction · n)) (half away from zero) for a user with n interactions.</summary>
    public static int TestCount(int n, double fraction = TestFraction)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return n == 0 ? 0 : Math.Max(1, (int)Math.Round(fraction * n, MidpointRounding.AwayFromZero));
    }

    /// <summary>
    /// Protocol S: for each user, the last n_test interactions in (timestamp, user, item) order are test, the rest train.
    /// Applied to a train part it cuts the validation split "the same way".
    /// </summary>
    public static TrainTestSplit PerUserTemporal(ReadOnlySpan<Interaction> interactions, double fraction = TestFraction)
    {
        var sorted = interactions.ToArray();
        Array.Sort(sorted, Interaction.CompareByTime);
        var perUser = new Dictionary<int, int>();
        foreach (var e in sorted)
        {
            perUser[e.User] = perUser.GetValueOrDefault(e.User) + 1;
        }

        // Walk in time order: a user's first (n - n_test) events are train.
        var trainLeft = new Dictionary<int, int>(perUser.Count);
        foreach (var (user, n) in perUser)
        {
            trainLeft[user] = n - TestCount(n, fraction);
        }

        var train = new List<Interaction>(sorted.Length);
        var test = new List<Interaction>(sorted.Length / 4);
        foreach (var e in sorted)
        {
            var left = trainLeft[e.User];
            if (left > 0)
            {
                train.Add(e);
                trainLeft[e.User] = left - 1;
            }
            else
            {
                test.Add(e);
            }
        }

        return new TrainTestSplit([.. train], [.. test]);
    }

    /// <summary>
    /// Protocol P: the first N − round(fraction · N) events in global (timestamp, user, item) order are the warm-up,
    /// the rest are replayed.
    /// </summary>
    public static TrainTestSplit GlobalTime(ReadOnlySpan<Interaction> interactions, double fraction = TestFraction)
    {
        var sorted = interactions.ToArray();
        Array.Sort(sorted, Interaction.CompareByTime);
        var testCount = (int)Math.Round(fraction * sorted.Length, MidpointRounding.AwayFromZero);
        var warm = sorted.Length - testCount;
        return new TrainTestSplit(sorted[..warm], sorted[warm..]);
    }
}
