using OrleansReco.Abstractions;

namespace OrleansReco.Grains.Experiments;

/// <summary>
/// One active user's recent exposures per experiment, in memory (lost when the activation goes away: later outcomes on
/// those items are then not attributed, in every variant alike). An outcome counts for the variant the item was shown
/// in, within <see cref="ExperimentOptions.AttributionMinutes"/>, at most once per outcome kind per exposure.
/// </summary>
public sealed class ExposureLog(ExperimentAssigner experiments)
{
    private readonly Dictionary<(string Experiment, string Item), Exposure> _exposures = [];
    private readonly Queue<((string Experiment, string Item) Key, long Stamp)> _order = new();
    private long _stamp;

    /// <summary>Counts a list shown to the user in each of their variants and remembers its items.</summary>
    public void Shown(ExperimentArms arms, IReadOnlyList<Recommendation> items, DateTimeOffset now)
    {
        foreach (var assignment in arms.Assignments)
        {
            experiments.RecordExposure(assignment, items.Count);
            foreach (var item in items)
            {
                var key = (assignment.Experiment, item.ItemId);
                _exposures[key] = new Exposure(assignment, now, ++_stamp);
                _order.Enqueue((key, _stamp));
            }
        }

        Trim(experiments.Options.RememberedExposures);
    }

    /// <summary>Counts the outcomes among <paramref name="interactions"/> on items shown recently.</summary>
    public void Acted(IReadOnlyList<Interaction> interactions, DateTimeOffset now)
    {
        if (_exposures.Count == 0)
        {
            return;
        }

        var window = TimeSpan.FromMinutes(experiments.Options.AttributionMinutes);
        foreach (var interaction in interactions)
        {
            if (OutcomeOf(interaction.Type) is not { } outcome)
            {
                continue;
            }

            foreach (var (key, exposure) in _exposures)
            {
                var bit = 1 << (int)outcome;
                if (key.Item == interaction.ItemId && now - exposure.At <= window && (exposure.Counted & bit) == 0)
                {
                    exposure.Counted |= bit;
                    experiments.RecordOutcome(exposure.Assignment, outcome);
                }
            }
        }
    }

    /// <summary>The experiment outcome an interaction type is, or null (rating and negative feedback are none).</summary>
    public static ExperimentOutcome? OutcomeOf(InteractionType type) => type switch
    {
        InteractionType.Click => ExperimentOutcome.Click,
        InteractionType.Like => ExperimentOutcome.Like,
        InteractionType.Purchase => ExperimentOutcome.Purchase,
        InteractionType.View => ExperimentOutcome.Dwell,
        _ => null,
    };

    private void Trim(int capacity)
    {
        while (_exposures.Count > capacity || _order.Count > 2 * capacity)
        {
            var (key, stamp) = _order.Dequeue();
            if (_exposures.TryGetValue(key, out var exposure) && exposure.Stamp == stamp)
            {
                _exposures.Remove(key);
            }
        }
    }

    private sealed class Exposure(ExperimentAssignment assignment, DateTimeOffset at, long stamp)
    {
        public ExperimentAssignment Assignment { get; } = assignment;

        public DateTimeOffset At { get; } = at;

        public long Stamp { get; } = stamp;

        public int Counted { get; set; }
    }
}
