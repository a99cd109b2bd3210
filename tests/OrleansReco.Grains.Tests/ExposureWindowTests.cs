using OrleansReco.Abstractions;
using OrleansReco.Grains.Audit;
using OrleansReco.Learning.Audit;

namespace OrleansReco.Grains.Tests;

public sealed class ExposureWindowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero); // on a 5-minute slot edge

    private static ExposureBatch Batch(int lists, Dictionary<string, int>? exposures = null, Dictionary<string, int>? interactions = null)
    {
        var buckets = new long[PopularityDeciles.Buckets];
        buckets[PopularityDeciles.NoInteractions] = exposures?.Values.Sum() ?? 0;
        return new ExposureBatch(lists, exposures ?? [], buckets, interactions ?? [], []);
    }

    [Fact]
    public void Exposures_leave_the_report_once_they_are_older_than_the_window()
    {
        // 60 minutes in 12 slots of 5 minutes.
        var window = new ExposureWindow(new AuditOptions { WindowMinutes = 60, WindowSlots = 12 });
        window.Add(Batch(2, new() { ["a"] = 3 }), T0);
        window.Add(Batch(1, new() { ["b"] = 1 }), T0.AddMinutes(30));

        var (atHalfHour, start) = window.Current(T0.AddMinutes(30));
        var (afterAnHour, _) = window.Current(T0.AddMinutes(61));

        Assert.Equal(3, atHalfHour.Sum(s => s.Lists));
        Assert.Equal(T0.AddMinutes(-25), start); // the window is the 12 slots ending with the current one
        Assert.Equal(1, afterAnHour.Sum(s => s.Lists)); // the first slot fell out
        Assert.DoesNotContain(afterAnHour, s => s.Exposures.ContainsKey("a"));

        window.Add(Batch(5), T0.AddMinutes(60)); // same ring position as T0: the old slot is cleared first
        Assert.Equal(6, window.Current(T0.AddMinutes(60)).Slots.Sum(s => s.Lists));
    }

    [Fact]
    public void Popularity_halves_every_half_life_and_fades_out()
    {
        var window = new ExposureWindow(new AuditOptions { PopularityHalfLifeHours = 24 });
        window.Add(Batch(0, interactions: new() { ["a"] = 4, ["c"] = 1 }), T0);

        window.Add(Batch(0, interactions: new() { ["b"] = 1 }), T0.AddHours(24));
        Assert.Equal(2.0, window.Popularity["a"], 9);
        Assert.Equal(1.0, window.Popularity["b"], 9);

        window.Add(Batch(0), T0.AddHours(24 * 8)); // c: 1 → 1/256 < 0.01, dropped; a: 4/256 kept
        Assert.False(window.Popularity.ContainsKey("c"));
        Assert.Equal(4.0 / 256, window.Popularity["a"], 9);
    }
}
