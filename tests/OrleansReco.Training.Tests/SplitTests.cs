using OrleansReco.Training.Data;
using static OrleansReco.Training.Tests.SyntheticData;

namespace OrleansReco.Training.Tests;

public sealed class SplitTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 1)]
    [InlineData(3, 1)]
    [InlineData(5, 1)]
    [InlineData(7, 1)]
    [InlineData(8, 2)]
    [InlineData(10, 2)]
    [InlineData(12, 2)]
    [InlineData(13, 3)]
    public void TestCountIsMaxOfOneAndRoundedFifth(int n, int expected) => Assert.Equal(expected, Splits.TestCount(n));

    [Fact]
    public void PerUserTemporalSplitTakesEachUsersLastEventsInProtocolOrder()
    {
        // User 0: 5 events, the last two share a timestamp, so the higher item is last. User 1: one event. User 2: 8 events.
        Interaction[] events =
        [
            I(0, 1, 10), I(0, 2, 20), I(0, 3, 30), I(0, 9, 40), I(0, 4, 40),
            I(1, 5, 5),
            .. Enumerable.Range(0, 8).Select(k => I(2, 10 + k, 100 - k)),
        ];

        var split = Splits.PerUserTemporal(events);

        Assert.Equal([(1, 5), (0, 9), (2, 11), (2, 10)], split.Test.Select(e => (e.User, e.Item)));
        Assert.Equal(events.Length - 4, split.Train.Length);
        Assert.DoesNotContain(split.Train, e => e.User == 1);
        Assert.True(split.Train.Zip(split.Train.Skip(1)).All(p => Interaction.CompareByTime(p.First, p.Second) < 0));
    }

    [Fact]
    public void ValidationIsCutFromTrainTheSameWay()
    {
        var events = Enumerable.Range(0, 10).Select(k => I(0, k, k)).ToArray();

        var split = Splits.PerUserTemporal(events);
        var validation = Splits.PerUserTemporal(split.Train);

        Assert.Equal([8, 9], split.Test.Select(e => e.Item));
        Assert.Equal([6, 7], validation.Test.Select(e => e.Item)); // n = 8 → round(1.6) = 2
        Assert.Equal(6, validation.Train.Length);
    }

    [Fact]
    public void GlobalTimeSplitReplaysTheLastFifthOrderedByTimeUserItem()
    {
        Interaction[] events =
        [
            I(3, 1, 50), I(1, 2, 10), I(2, 7, 50), I(2, 3, 50), I(0, 4, 20),
            I(0, 5, 30), I(1, 6, 40), I(5, 8, 45), I(4, 9, 5), I(0, 0, 60),
        ];

        var split = Splits.GlobalTime(events);

        Assert.Equal(8, split.Train.Length);
        Assert.Equal([(3, 1, 50L), (0, 0, 60L)], split.Test.Select(e => (e.User, e.Item, e.Timestamp)));
        Assert.Equal((2, 3), (split.Train[6].User, split.Train[6].Item));
        Assert.Equal((2, 7), (split.Train[7].User, split.Train[7].Item));
    }

    [MovieLensFact]
    public void RealMl100kSplitSizes()
    {
        var dataset = MovieLensLoader.Load(MovieLensFactAttribute.RequiredFolder);

        var s = Splits.PerUserTemporal(dataset.Interactions);
        var p = Splits.GlobalTime(dataset.Interactions);

        var expectedTest = dataset.Interactions.GroupBy(e => e.User).Sum(g => Splits.TestCount(g.Count()));
        Assert.Equal(expectedTest, s.Test.Length);
        Assert.Equal(80_000, p.Train.Length);
        Assert.Equal(20_000, p.Test.Length);
        Assert.True(p.Train[^1].Timestamp <= p.Test[0].Timestamp);
    }
}
