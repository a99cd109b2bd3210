using OrleansReco.Learning.Experiments;

namespace OrleansReco.Learning.Tests.Experiments;

/// <summary>Hand-computed cases (z_{0.975} = 1.959964, z_{0.8} = 0.841621, Φ by erfc).</summary>
public sealed class ProportionStatisticsTests
{
    [Fact]
    public void Wilson_interval_of_10_in_100_is_0_0552_to_0_1744()
    {
        // centre 0.1 + z²/200 = 0.119207, margin z √(0.0009 + z²/40000) = 0.061857, divided by 1 + z²/100 = 1.038415.
        var interval = ProportionStatistics.Wilson(10, 100);

        Assert.Equal(0.0552291, interval.Low, 6);
        Assert.Equal(0.1743657, interval.High, 6);
    }

    [Fact]
    public void Wilson_interval_of_0_in_10_starts_at_0_and_ends_at_z2_over_n_plus_z2()
    {
        // p = 0: centre = margin = z²/20, so low = 0 and high = (z²/10) / (1 + z²/10) = 0.277533.
        var interval = ProportionStatistics.Wilson(0, 10);

        Assert.Equal(0, interval.Low, 9);
        Assert.Equal(0.2775328, interval.High, 6);
    }

    [Fact]
    public void Wilson_interval_without_trials_is_everything()
    {
        Assert.Equal(new ProportionInterval(0, 1), ProportionStatistics.Wilson(0, 0));
    }

    [Fact]
    public void Z_test_of_100_in_1000_against_130_in_1000_gives_z_2_1027_and_p_0_0355()
    {
        // pooled 230/2000 = 0.115, SE = √(0.115 · 0.885 · 2/1000) = 0.0142671, z = 0.03 / SE.
        var test = ProportionStatistics.TwoProportionZTest(100, 1000, 130, 1000);

        Assert.Equal(2.1027406, test.Z, 6);
        Assert.Equal(0.0354885, test.PValue, 6);
    }

    [Fact]
    public void Z_test_is_antisymmetric_in_its_variants_and_p_is_symmetric()
    {
        var forward = ProportionStatistics.TwoProportionZTest(100, 1000, 130, 1000);
        var backward = ProportionStatistics.TwoProportionZTest(130, 1000, 100, 1000);

        Assert.Equal(-forward.Z, backward.Z, 12);
        Assert.Equal(forward.PValue, backward.PValue, 12);
    }

    [Fact]
    public void Z_test_without_variance_or_trials_finds_no_difference()
    {
        Assert.Equal(new ZTestResult(0, 1), ProportionStatistics.TwoProportionZTest(0, 500, 0, 700));
        Assert.Equal(new ZTestResult(0, 1), ProportionStatistics.TwoProportionZTest(0, 0, 3, 10));
    }

    [Theory]
    [InlineData(0.2, 0.05, 0.05, 1094)] // (1.959964 √(2 · 0.225 · 0.775) + 0.841621 √(0.16 + 0.1875))² / 0.0025 = 1093.74
    [InlineData(0.05, 0.01, 0.05, 8158)] // the defaults: 8157.73
    [InlineData(0.1, 0.02, 0.05, 3841)] // 3840.85
    [InlineData(0.2, 0.05, 0.025, 1325)] // Bonferroni for two treatments, z_{0.9875} = 2.241403: 1324.65
    public void Planned_sample_size_per_variant_matches_the_hand_computed_Fleiss_formula(double baseline, double effect, double alpha, long expected)
    {
        Assert.Equal(expected, ProportionStatistics.SampleSizePerVariant(baseline, effect, alpha));
    }

    [Theory]
    [InlineData(0, 0.01)]
    [InlineData(0.5, 0)]
    [InlineData(0.95, 0.05)]
    public void Planned_sample_size_refuses_impossible_rates(double baseline, double effect)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProportionStatistics.SampleSizePerVariant(baseline, effect));
    }

    [Fact]
    public void A_difference_below_the_planned_size_is_underpowered_whatever_its_p_value()
    {
        var early = ExperimentAnalysis.Compare(100, 1000, 160, 1000, plannedTrials: 1094);
        var planned = ExperimentAnalysis.Compare(110, 1100, 176, 1100, plannedTrials: 1094);

        Assert.True(early.Test.PValue < 0.001);
        Assert.Equal(ComparisonVerdict.Underpowered, early.Verdict);
        Assert.Equal(ComparisonVerdict.Better, planned.Verdict);
        Assert.Equal(ComparisonVerdict.Worse, ExperimentAnalysis.Compare(176, 1100, 110, 1100, 1094).Verdict);
        Assert.Equal(ComparisonVerdict.NotSignificant, ExperimentAnalysis.Compare(110, 1100, 115, 1100, 1094).Verdict);
    }

    [Fact]
    public void Comparison_alpha_is_divided_among_the_treatments()
    {
        Assert.Equal(0.05, ExperimentAnalysis.ComparisonAlpha(1), 12);
        Assert.Equal(0.025, ExperimentAnalysis.ComparisonAlpha(2), 12);
    }
}
