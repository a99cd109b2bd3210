using OrleansReco.Training.Evaluation;
using OrleansReco.Training.Streaming;

namespace OrleansReco.Training.Torch;

/// <summary>
/// The iALS start whose users unknown at warm-up begin at the centroid of the largest segment of the warm-up users'
/// vectors. Such a user comes with nothing but the fact that they are a user, so the most likely segment is the one
/// most users belong to; every new user gets the same centroid, and their own events move them from there.
/// </summary>
internal static class SegmentStart
{
    /// <summary>Segments the warm-up users of <paramref name="ials"/>; without a segmentation new users start as in <see cref="OnlineStart.FromIals"/>.</summary>
    public static (OnlineStart Start, SegmentChoice? Segments) Fit(IalsWarmStart ials, SegmentOptions options, ulong seed, ProgressLog log)
    {
        var d = ials.Items.Dimensions;
        var choice = SegmentSelection.Choose(WarmUserVectors(ials, d), d, options, seed);
        if (choice is null)
        {
            log.Info("Segments: too few warm-up users for any candidate K; new users start from popularity");
            return (OnlineStart.FromIals(ials), null);
        }

        var centroid = choice.Model.Centroid(choice.Largest).ToArray();
        log.Info($"Segments: K = {choice.K} (sampled silhouette {choice.Silhouette:F4}); new users start at the largest segment's centroid ({choice.Sizes[choice.Largest]} users)");
        return (OnlineStart.FromIals(ials) with { InitialVector = _ => centroid }, choice);
    }

    /// <summary>The vectors of users with a warm-up history, packed row-major.</summary>
    private static float[] WarmUserVectors(IalsWarmStart ials, int d)
    {
        var count = 0;
        foreach (var known in ials.KnownUser)
        {
            count += known ? 1 : 0;
        }

        var vectors = new float[count * d];
        var row = 0;
        for (var u = 0; u < ials.KnownUser.Length; u++)
        {
            if (ials.KnownUser[u])
            {
                ials.UserVectors.AsSpan(u * d, d).CopyTo(vectors.AsSpan(row++ * d, d));
            }
        }

        return vectors;
    }
}
