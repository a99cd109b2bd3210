using OrleansReco.Abstractions;
using OrleansReco.Learning.Experiments;

namespace OrleansReco.Grains.Experiments;

/// <summary>Turns an experiment's counts into rates, Wilson intervals, z-tests against the control and verdicts.</summary>
public static class ExperimentResultsBuilder
{
    /// <summary>Shown with every result.</summary>
    public const string PeekingWarning =
        "Decide once, when every variant has reached the planned exposures. Looking at p-values repeatedly and stopping at the "
        + "first one below alpha (peeking) makes false positives far more likely than alpha; until then the verdict is 'underpowered'.";

    /// <summary>The results of <paramref name="info"/> from its counts at <paramref name="now"/>.</summary>
    public static ExperimentResults Build(ExperimentInfo info, IReadOnlyDictionary<string, VariantCounts> counts, DateTimeOffset now)
    {
        var definition = info.Definition;
        var alpha = ExperimentAnalysis.ComparisonAlpha(definition.Variants.Count - 1);
        var planned = ProportionStatistics.SampleSizePerVariant(definition.BaselineRate, definition.MinimumDetectableEffect, alpha);
        var control = counts.GetValueOrDefault(definition.Variants[0].Name, VariantCounts.Zero);
        var rows = new List<VariantResult>(definition.Variants.Count);
        for (var v = 0; v < definition.Variants.Count; v++)
        {
            var name = definition.Variants[v].Name;
            var own = counts.GetValueOrDefault(name, VariantCounts.Zero);
            var outcomes = new List<OutcomeResult>(4);
            var verdict = ComparisonVerdict.Control;
            foreach (var outcome in Enum.GetValues<ExperimentOutcome>())
            {
                var comparison = v == 0
                    ? ExperimentAnalysis.Control(own.Of(outcome), own.Exposures)
                    : ExperimentAnalysis.Compare(control.Of(outcome), control.Exposures, own.Of(outcome), own.Exposures, planned, alpha);
                outcomes.Add(new OutcomeResult(outcome, own.Of(outcome), comparison.Rate, comparison.Interval.Low, comparison.Interval.High,
                    comparison.Test.Z, comparison.Test.PValue));
                verdict = outcome == definition.PrimaryOutcome ? comparison.Verdict : verdict;
            }

            rows.Add(new VariantResult(name, v == 0, own.Lists, own.Exposures, VerdictName(verdict), outcomes));
        }

        return new ExperimentResults(info, info.StatusAt(now), planned, alpha, ProportionStatistics.Power, rows, PeekingWarning);
    }

    private static string VerdictName(ComparisonVerdict verdict) => verdict switch
    {
        ComparisonVerdict.Control => "control",
        ComparisonVerdict.Underpowered => "underpowered",
        ComparisonVerdict.NotSignificant => "notSignificant",
        ComparisonVerdict.Better => "better",
        _ => "worse",
    };
}
