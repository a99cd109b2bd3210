using OrleansReco.Training.Streaming;

namespace OrleansReco.Training.Tests;

public sealed class ColdStartSlicesTests
{
    [Fact]
    public void Slices_count_first_events_first_five_and_new_items_by_hand()
    {
        var slices = new ColdStartSlices();
        // One new user with 6 test events: hits on events 0 and 5 (the sixth is outside the first five).
        bool[] hits = [true, false, false, false, false, true];
        for (var i = 0; i < hits.Length; i++)
        {
            slices.NewUserEvent(i, hits[i]);
        }

        slices.NewUserEvent(0, false); // a second new user's first event, a miss
        slices.NewItemEvent(true);
        slices.NewItemEvent(false);
        slices.NewItemEvent(false);

        Assert.Equal(2, slices.FirstEvents);
        Assert.Equal(0.5, slices.FirstEventHitRate);
        Assert.Equal(6, slices.FirstFiveEvents);
        Assert.Equal(1.0 / 6, slices.FirstFiveHitRate, 10);
        Assert.Equal(3, slices.NewItemEvents);
        Assert.Equal(1.0 / 3, slices.NewItemHitRate, 10);
    }
}
