namespace OrleansReco.Learning.Rollover;

/// <summary>
/// Re-folds a user into a new model version from their replay buffer: a few deterministic passes of the online learner
/// over the replayed positives, oldest first. Deterministic for a given model state (the learner's sampler state is
/// part of the user model).
/// </summary>
public static class UserRefold
{
    /// <summary>
    /// Refines a user whose vectors are already meaningful in <paramref name="items"/>' space (an aligned rollover): the
    /// replay buffer (already re-indexed) stays as it is and <paramref name="passes"/> passes of gradient steps run over it.
    /// Returns the steps taken; a step that would produce a non-finite vector is skipped.
    /// </summary>
    public static int Refine(OnlineUserLearner learner, UserModel user, ItemVectors items, int passes, long nowTimestamp)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentOutOfRangeException.ThrowIfNegative(passes);
        var steps = 0;
        for (var pass = 0; pass < passes; pass++)
        {
            steps += Pass(learner, user, items, user.Replay, remember: false, nowTimestamp);
        }

        return steps;
    }

    /// <summary>
    /// Re-learns a user from <paramref name="entries"/> (re-indexed replay, oldest first) starting from the vectors
    /// <paramref name="user"/> holds (a cold start) with an empty replay buffer: the first pass learns each entry as a new
    /// event, which also rebuilds the short-term vector and the replay buffer; the other passes only take gradient steps.
    /// </summary>
    public static int Replay(OnlineUserLearner learner, UserModel user, ItemVectors items, ReplayBuffer entries, int passes, long nowTimestamp)
    {
        ArgumentNullException.ThrowIfNull(learner);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfNegative(passes);
        if (user.Replay.Count != 0)
        {
            throw new ArgumentException("Replaying needs a user model with an empty replay buffer.", nameof(user));
        }

        var steps = passes == 0 ? 0 : Pass(learner, user, items, entries, remember: true, nowTimestamp);
        return steps + Refine(learner, user, items, passes - 1 < 0 ? 0 : passes - 1, nowTimestamp);
    }

    private static int Pass(OnlineUserLearner learner, UserModel user, ItemVectors items, ReplayBuffer entries, bool remember, long now)
    {
        var steps = 0;
        var count = entries.Count;
        for (var i = count - 1; i >= 0; i--)
        {
            var (item, weight, timestamp) = entries.Newest(i);
            if ((uint)item >= (uint)items.Count || weight <= 0 || !float.IsFinite(weight))
            {
                continue;
            }

            var learned = remember ? learner.Learn(user, items, item, weight, timestamp, now) : learner.Refit(user, items, item, weight, timestamp, now);
            steps += learned ? 1 : 0;
        }

        return steps;
    }
}
