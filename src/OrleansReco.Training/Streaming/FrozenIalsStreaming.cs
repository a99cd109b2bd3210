using OrleansReco.Training.Models;

namespace OrleansReco.Training.Streaming;

/// <summary>
/// Our model without online updates, for protocol P: iALS item vectors fitted on the warm-up, each warm-up user's
/// vector solved in closed form from the warm-up history and then frozen. Users unknown at warm-up get the warm-up
/// popularity ranking; items absent from the warm-up have no vector and cannot be ranked.
/// </summary>
public sealed class FrozenIalsStreaming(IalsOptions options, ProgressLog log) : ScoringStreamingRecommender
{
    private IalsWarmStart? _start;

    /// <inheritdoc />
    public override string Name => "OrleansReco-frozen-ials";

    /// <inheritdoc />
    protected override void WarmUp(StreamingContext context) => _start = IalsWarmStart.Fit(context, options, Name, log);

    /// <inheritdoc />
    protected override void Score(int user, Span<float> scores)
    {
        var start = _start ?? throw new InvalidOperationException("Not warmed up.");
        var d = options.Dimensions;
        if (start.KnownUser[user])
        {
            ImplicitAls.DotAll(start.UserVectors.AsSpan(user * d, d), start.Items.All, d, scores);
        }
        else
        {
            start.Popularity.CopyTo(scores);
        }

        start.MaskUnrankable(scores);
    }

    /// <inheritdoc />
    protected override void Ingest(int user, int item, long timestamp)
    {
        // Frozen: no online update.
    }
}
