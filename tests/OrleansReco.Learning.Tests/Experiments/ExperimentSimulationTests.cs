using Xunit.Abstractions;
using OrleansReco.Learning.Experiments;

namespace OrleansReco.Learning.Tests.Experiments;

/// <summary>
/// Simulated experiments over the real assignment and statistics code (no grains; the grain-level simulation is in
/// OrleansReco.Grains.Tests). Every exposure is an independent Bernoulli trial, the assumption of the z-test.
/// </summary>
public sealed class ExperimentSimulationTests(ITestOutputHelper output)
{
    private const int ItemsPerList = 10;

    [Fact]
    public void A_variant_that_shows_users_more_of_their_genre_is_detected_as_better_with_p_below_0_05()
    {
        // Users click an item of their favourite genre with probability 0.2 and another with 0.03. The control shows half
        // of each list from the favourite genre (true CTR 0.115), the treatment 80 % (true CTR 0.166).
        double[] traffic = [0.5, 0.5];
        double[] favouriteShare = [0.5, 0.8];
        var planned = ProportionStatistics.SampleSizePerVariant(0.115, 0.03);
        var trials = new long[2];
        var clicks = new long[2];
        var random = new DeterministicRandom(42);
        for (var u = 0; trials[0] < planned || trials[1] < planned; u++)
        {
            var variant = VariantAssignment.Assign("genre-share", $"sim-user-{u}", traffic);
            for (var i = 0; i < ItemsPerList; i++)
            {
                var favourite = random.NextFloat() < favouriteShare[variant];
                clicks[variant] += random.NextFloat() < (favourite ? 0.2 : 0.03) ? 1 : 0;
                trials[variant]++;
            }
        }

        var comparison = ExperimentAnalysis.Compare(clicks[0], trials[0], clicks[1], trials[1], planned);
        output.WriteLine($"planned {planned} per variant; control {clicks[0]}/{trials[0]}, treatment {clicks[1]}/{trials[1]}, z = {comparison.Test.Z:F2}, p = {comparison.Test.PValue:G3}");

        Assert.True(comparison.Test.PValue < 0.05, $"p = {comparison.Test.PValue}");
        Assert.Equal(ComparisonVerdict.Better, comparison.Verdict);
        Assert.InRange(comparison.Rate, comparison.Interval.Low, comparison.Interval.High);
        Assert.True(comparison.Interval.Low <= 0.166 && 0.166 <= comparison.Interval.High, $"the true CTR 0.166 in [{comparison.Interval.Low}, {comparison.Interval.High}]");
    }

    [Fact]
    public void An_A_A_test_over_2000_seeded_runs_flags_a_difference_at_the_nominal_5_percent_rate_within_1_5_points()
    {
        // 2,000 experiments of 1,000 users x 10 exposures, both variants with a true CTR of 0.1. The number of runs with
        // p < 0.05 is Binomial(2000, 0.05): mean 100, SD 9.7, so [70, 130] (3.5 %-6.5 %) holds it with > 99.7 %.
        const int runs = 2000;
        double[] traffic = [0.5, 0.5];
        var flagged = 0;
        for (var run = 0; run < runs; run++)
        {
            var random = new DeterministicRandom(DeterministicRandom.SeedFrom($"aa-{run}"));
            var trials = new long[2];
            var clicks = new long[2];
            for (var u = 0; u < 1000; u++)
            {
                var variant = VariantAssignment.Assign($"aa-{run}", $"user-{u}", traffic);
                for (var i = 0; i < ItemsPerList; i++)
                {
                    clicks[variant] += random.NextFloat() < 0.1f ? 1 : 0;
                }

                trials[variant] += ItemsPerList;
            }

            flagged += ProportionStatistics.TwoProportionZTest(clicks[0], trials[0], clicks[1], trials[1]).PValue < 0.05 ? 1 : 0;
        }

        output.WriteLine($"A/A: {flagged} of {runs} runs had p < 0.05 ({(double)flagged / runs:P2})");
        Assert.InRange((double)flagged / runs, 0.035, 0.065);
    }
}
