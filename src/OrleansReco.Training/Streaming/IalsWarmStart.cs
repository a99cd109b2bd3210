using OrleansReco.Learning;
using OrleansReco.Training.Data;
using OrleansReco.Training.Models;

namespace OrleansReco.Training.Streaming;

/// <summary>
/// What both iALS streaming models start from: item vectors fitted on the warm-up, each warm-up user's vector solved
/// in closed form from the warm-up history, warm-up popularity, and which items have a vector at all.
/// </summary>
internal sealed class IalsWarmStart
{
    private IalsWarmStart(ItemVectors items, float[] userVectors, bool[] knownUser, float[] popularity, bool[] rankable)
    {
        Items = items;
        UserVectors = userVectors;
        KnownUser = knownUser;
        Popularity = popularity;
        Rankable = rankable;
    }

    public ItemVectors Items { get; }

    public float[] UserVectors { get; }

    public bool[] KnownUser { get; }

    public float[] Popularity { get; }

    public bool[] Rankable { get; }

    public static IalsWarmStart Fit(StreamingContext context, IalsOptions options, string name, ProgressLog log)
    {
        var matrix = context.WarmUpMatrix();
        var als = new ImplicitAls(options with { TrackLoss = false }, name);
        als.Fit(matrix, log);
        var d = options.Dimensions;
        var items = als.ToItemVectors();
        var foldIn = new IalsFoldIn(items, options.Alpha, options.Regularization);
        var userVectors = new float[context.UserCount * d];
        var knownUser = new bool[context.UserCount];
        Parallel.For(0, context.UserCount, u =>
        {
            var history = matrix.ItemsOf(u);
            knownUser[u] = !history.IsEmpty;
            foldIn.Solve(history, userVectors.AsSpan(u * d, d));
        });

        var popularity = new float[context.ItemCount];
        var rankable = new bool[context.ItemCount];
        for (var i = 0; i < context.ItemCount; i++)
        {
            popularity[i] = matrix.ItemDegree(i);
            rankable[i] = matrix.ItemDegree(i) > 0;
        }

        return new IalsWarmStart(items, userVectors, knownUser, popularity, rankable);
    }

    /// <summary>Marks items without a vector as unrankable (−∞).</summary>
    public void MaskUnrankable(Span<float> scores)
    {
        for (var i = 0; i < scores.Length; i++)
        {
            if (!Rankable[i])
            {
                scores[i] = float.NegativeInfinity;
            }
        }
    }
}
