namespace OrleansReco.Learning.Experiments;

/// <summary>What a treatment's comparison with the control says.</summary>
public enum ComparisonVerdict
{
    /// <summary>No comparison: this is the control.</summary>
    Control,

    /// <summary>A variant has fewer trials than planned: no conclusion yet, whatever the p-value.</summary>
    Underpowered,

    /// <summary>Planned size reached, p ≥ α.</summary>
    NotSignificant,

    /// <summary>Planned size reached, p &lt; α and the treatment's rate is higher.</summary>
    Better,

    /// <summary>Planned size reached, p &lt; α and the treatment's rate is lower.</summary>
    Worse,
}

/// <summary>One variant's rate against the control.</summary>
/// <param name="Rate">successes / trials (0 without trials).</param>
/// <param name="Interval">Wilson 95 % interval of the rate.</param>
/// <param name="Test">z-test against the control (z = 0, p = 1 for the control itself).</param>
/// <param name="Verdict">What to conclude, with the sample-size guard applied.</param>
public readonly record struct VariantComparison(double Rate, ProportionInterval Interval, ZTestResult Test, ComparisonVerdict Verdict);

/// <summary>Compares treatments to a control with the sample-size guard: no verdict before both reach the planned size.</summary>
public static class ExperimentAnalysis
{
    /// <summary>
    /// Compares a treatment with the control at significance <paramref name="alpha"/>; <paramref name="plannedTrials"/>
    /// is the size each variant must reach before the verdict is more than <see cref="ComparisonVerdict.Underpowered"/>.
    /// </summary>
    public static VariantComparison Compare(long controlSuccesses, long controlTrials, long successes, long trials, long plannedTrials,
        double alpha = ProportionStatistics.Alpha)
    {
        var test = ProportionStatistics.TwoProportionZTest(controlSuccesses, controlTrials, successes, trials);
        var verdict = controlTrials < plannedTrials || trials < plannedTrials ? ComparisonVerdict.Underpowered
            : test.PValue >= alpha ? ComparisonVerdict.NotSignificant
            : test.Z > 0 ? ComparisonVerdict.Better : ComparisonVerdict.Worse;
        return new VariantComparison(RateOf(successes, trials), ProportionStatistics.Wilson(successes, trials), test, verdict);
    }

    /// <summary>The control's own row: its rate and interval.</summary>
    public static VariantComparison Control(long successes, long trials) =>
        new(RateOf(successes, trials), ProportionStatistics.Wilson(successes, trials), new ZTestResult(0, 1), ComparisonVerdict.Control);

    /// <summary>
    /// Per-comparison α with a Bonferroni correction: each of <paramref name="treatments"/> comparisons with the control is
    /// tested at α / treatments, so the chance of any false positive stays ≤ α.
    /// </summary>
    public static double ComparisonAlpha(int treatments) => ProportionStatistics.Alpha / Math.Max(1, treatments);

    private static double RateOf(long successes, long trials) => trials == 0 ? 0 : (double)successes / trials;
}
