using OrleansReco.Learning.Audit;

namespace OrleansReco.Learning.Tests.Audit;

public sealed class AuditMathTests
{
    [Fact]
    public void DistinctPopularitiesFillOneDecileEach()
    {
        // Ten items with popularity 10, 9, …, 1: the most popular is D1 (bucket 0), the least D10 (bucket 9).
        var buckets = PopularityDeciles.Assign([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);

        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], buckets);
    }

    [Fact]
    public void TiedItemsShareTheDecileOfTheirBestPositionAndUnseenItemsGetTheirOwnBucket()
    {
        // m = 4 items with interactions; the three 4s have nobody above them → floor(10·0/4) = 0;
        // the 1 has three items above it → floor(10·3/4) = 7; the 0 is in the "none" bucket.
        var buckets = PopularityDeciles.Assign([4, 0, 4, 1, 4]);

        Assert.Equal([0, PopularityDeciles.NoInteractions, 0, 7, 0], buckets);
        Assert.Equal("D1", PopularityDeciles.Label(0));
        Assert.Equal("D10", PopularityDeciles.Label(9));
        Assert.Equal("none", PopularityDeciles.Label(PopularityDeciles.NoInteractions));
    }

    [Fact]
    public void ElevenItemsWithTiesGetTheHandComputedDeciles()
    {
        // Ranked: 8, 7, 6, 5, 4, 3, 3, 2, 2, 2, 1 (m = 11): the 3s start at r = 5 → floor(50/11) = 4,
        // the 2s at r = 7 → floor(70/11) = 6, the 1 at r = 10 → floor(100/11) = 9.
        double[] popularity = [5, 3, 3, 0, 1, 8, 2, 2, 2, 7, 4, 6];
        var buckets = new int[popularity.Length];

        PopularityDeciles.Assign(popularity, buckets);

        Assert.Equal([2, 4, 4, 10, 9, 0, 6, 6, 6, 0, 3, 1], buckets);
    }

    [Fact]
    public void NegativeOrNonFinitePopularityIsRejected()
    {
        Assert.Throws<ArgumentException>(() => PopularityDeciles.Assign([1.0, -1.0], new int[2]));
        Assert.Throws<ArgumentException>(() => PopularityDeciles.Assign([double.NaN], new int[1]));
    }

    [Fact]
    public void BucketSharesAreExposureFractionsSummingToOne()
    {
        var shares = new double[PopularityDeciles.Buckets];

        ExposureStatistics.BucketShares([0, 0, 1, PopularityDeciles.NoInteractions], [3, 1, 4, 2], shares);

        Assert.Equal(0.4, shares[0], 12);
        Assert.Equal(0.4, shares[1], 12);
        Assert.Equal(0.2, shares[PopularityDeciles.NoInteractions], 12);
        Assert.Equal(1.0, shares.Sum(), 12);
    }

    [Fact]
    public void NothingShownGivesZeroSharesCoverageAndGini()
    {
        var shares = new double[PopularityDeciles.Buckets];

        ExposureStatistics.BucketShares([0, 1], [0, 0], shares);

        Assert.All(shares, s => Assert.Equal(0, s));
        Assert.Equal(0, ExposureStatistics.Coverage([0, 0]));
        Assert.Equal(0, ExposureStatistics.Gini([0, 0]));
    }

    [Fact]
    public void CoverageIsTheFractionOfItemsShownAtLeastOnce() =>
        Assert.Equal(0.5, ExposureStatistics.Coverage([0, 2, 0, 1]));

    [Theory]
    [InlineData(new double[] { 2, 2, 2, 2 }, 0.0)] // equal exposure
    [InlineData(new double[] { 0, 4, 0, 0 }, 0.75)] // one item takes all: (n − 1)/n
    [InlineData(new double[] { 4, 1, 3, 2 }, 0.25)] // Σ|xi − xj| over ordered pairs 20 / (2 · 16 · 2.5)
    public void GiniMatchesTheMeanAbsoluteDifferenceDefinition(double[] exposure, double expected) =>
        Assert.Equal(expected, ExposureStatistics.Gini(exposure), 12);

    [Fact]
    public void PopularShareCountsItemsOfTheTopDecile()
    {
        // Items 0 and 2 are in D1, item 3 in D6: two of three.
        Assert.Equal(2.0 / 3, ExposureStatistics.PopularShare([0, 2, 3], [0, 1, 0, 5]), 12);
        Assert.Equal(0, ExposureStatistics.PopularShare([], [0]));
    }

    [Fact]
    public void MiscalibrationIsTheSmoothedKlDivergenceOfTheGenreMixes()
    {
        // History: an item of genre 0 and one of genres {0, 1} → p = (0.75, 0.25). List: one item of genre 1 → q = (0, 1).
        var history = new double[2];
        GenreCalibration.AddItem(history, [0]);
        GenreCalibration.AddItem(history, [0, 1]);
        var list = new double[2];
        GenreCalibration.AddItem(list, [1]);

        var kl = GenreCalibration.Miscalibration(history, list, alpha: 0.01);

        // q̃ = 0.99 q + 0.01 p = (0.0075, 0.9925).
        var expected = (0.75 * Math.Log(0.75 / 0.0075)) + (0.25 * Math.Log(0.25 / 0.9925));
        Assert.Equal([1.5, 0.5], history);
        Assert.Equal(expected, kl!.Value, 12);
    }

    [Fact]
    public void AListWithTheHistorysMixIsPerfectlyCalibrated() =>
        Assert.Equal(0, GenreCalibration.Miscalibration([3, 1, 0], [0.75, 0.25, 0])!.Value, 12);

    [Fact]
    public void AListWithoutGenresGivesTheBoundAndAnEmptyHistoryGivesNothing()
    {
        Assert.Equal(Math.Log(100), GenreCalibration.Miscalibration([1, 1], [0, 0], alpha: 0.01)!.Value, 12);
        Assert.Null(GenreCalibration.Miscalibration([0, 0], [1, 0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => GenreCalibration.Miscalibration([1], [1], alpha: 0));
    }

    [Fact]
    public void TheGapIsMaxMinusMinAndMinOverMaxAmongGroupsAboveTheFloor()
    {
        // X has the largest value but only 5 users, under the floor of 20.
        var gap = GroupGap.Of([new("F", 0.20, 100), new("M", 0.25, 300), new("X", 0.90, 5)], minimumUsers: 20);

        Assert.NotNull(gap);
        Assert.Equal("M", gap.Highest);
        Assert.Equal("F", gap.Lowest);
        Assert.Equal(0.05, gap.Difference, 12);
        Assert.Equal(0.8, gap.Ratio, 12);
        Assert.Equal(2, gap.Groups);
    }

    [Fact]
    public void AGapNeedsTwoGroupsAndAllZeroGroupsAreEqual()
    {
        Assert.Null(GroupGap.Of([new("F", 0.2, 100), new("M", 0.3, 3)], minimumUsers: 20));
        Assert.Equal(1.0, GroupGap.Of([new("F", 0, 30), new("M", 0, 30)], minimumUsers: 20)!.Ratio);
    }

    [Theory]
    [InlineData(17, "<18")]
    [InlineData(18, "18-24")]
    [InlineData(24, "18-24")]
    [InlineData(25, "25-34")]
    [InlineData(49, "45-49")]
    [InlineData(50, "50-55")]
    [InlineData(56, "56+")]
    [InlineData(null, "unknown")]
    public void AgesFallIntoTheMovieLensBuckets(int? age, string bucket) =>
        Assert.Equal(bucket, DemographicGroups.AgeBucket(age));

    [Fact]
    public void GenderAndOccupationAreNormalisedAndMissingValuesAreUnknown()
    {
        Assert.Equal(("F", "25-34", "engineer"), DemographicGroups.Of(30, " f", "Engineer "));
        Assert.Equal(("unknown", "unknown", "unknown"), DemographicGroups.Of(null, "", null));
    }
}
