namespace OrleansReco.Learning.Tests;

public sealed class ReplayBufferTests
{
    [Fact]
    public void Entries_keep_half_precision_weights_and_unsigned_seconds_clamped_to_their_range()
    {
        var buffer = new ReplayBuffer(3);
        buffer.Add(1, 0.5f, -5);
        buffer.Add(2, 1.3f, 1_700_000_000);
        buffer.Add(3, 2f, long.MaxValue);

        Assert.Equal((3, 2f, (long)uint.MaxValue), buffer.Newest(0));
        Assert.Equal((2, (float)(Half)1.3f, 1_700_000_000L), buffer.Newest(1));
        Assert.Equal((1, 0.5f, 0L), buffer.Newest(2));
    }

    [Fact]
    public void A_full_ring_overwrites_the_oldest_entry()
    {
        var buffer = new ReplayBuffer(3);
        for (var i = 1; i <= 5; i++)
        {
            buffer.Add(i, i * 0.1f, 100 + i);
        }

        Assert.Equal(3, buffer.Count);
        Assert.Equal(5, buffer.Newest(0).Item);
        Assert.Equal(3, buffer.Newest(2).Item);
        Assert.Throws<ArgumentOutOfRangeException>(() => buffer.Newest(3));
    }

    [Fact]
    public void Sampling_only_returns_held_entries()
    {
        var buffer = new ReplayBuffer(8);
        buffer.Add(7, 1f, 1);
        buffer.Add(9, 1f, 2);
        var random = new DeterministicRandom(3);
        for (var i = 0; i < 100; i++)
        {
            Assert.Contains(buffer.Items[buffer.SampleSlot(ref random)], new[] { 7, 9 });
        }
    }

    [Fact]
    public void A_restored_buffer_continues_where_it_stopped()
    {
        var buffer = new ReplayBuffer(4);
        buffer.Add(1, 1f, 1);
        buffer.Add(2, 1f, 2);
        var restored = new ReplayBuffer(buffer.Items, buffer.Weights, buffer.Timestamps, buffer.Head, buffer.Count);
        restored.Add(3, 1f, 3);

        Assert.Equal(3, restored.Count);
        Assert.Equal(3, restored.Newest(0).Item);
        Assert.Equal(1, restored.Newest(2).Item);
    }
}

public sealed class DriftMonitorTests
{
    [Fact]
    public void A_half_precision_baseline_drifts_and_rebaselines_like_a_single_precision_one()
    {
        var monitor = new DriftMonitor(new DriftOptions { Threshold = 0.95f, WarmupInteractions = 0 });
        Half[] baseline = [(Half)1f, (Half)0f];
        var average = 1f;

        var small = monitor.Check([1f, 0.1f], baseline.AsSpan(), 10, ref average);
        var large = monitor.Check([0.6f, 0.8f], baseline.AsSpan(), 11, ref average);

        Assert.False(small.Drifted);
        Assert.Equal(1f / MathF.Sqrt(1.01f), small.Cosine, 5);
        Assert.True(large.Drifted && large.Rebaselined);
        Assert.Equal([(Half)0.6f, (Half)0.8f], baseline);
    }

    [Fact]
    public void The_first_baseline_is_taken_after_the_warmup()
    {
        var monitor = new DriftMonitor(new DriftOptions { WarmupInteractions = 2 });
        var baseline = new float[2];
        var average = 0f;

        monitor.Check([1f, 0f], baseline, interactions: 1, ref average);
        Assert.Equal([0f, 0f], baseline);
        monitor.Check([1f, 0f], baseline, interactions: 2, ref average);
        Assert.Equal([1f, 0f], baseline);
    }

    [Fact]
    public void Falling_below_the_threshold_is_a_drift_and_rebaselines()
    {
        var monitor = new DriftMonitor(new DriftOptions { Threshold = 0.95f, WarmupInteractions = 0 });
        float[] baseline = [1f, 0f];
        var average = 1f;

        var small = monitor.Check([1f, 0.1f], baseline, 10, ref average);
        var large = monitor.Check([0f, 1f], baseline, 11, ref average);

        Assert.False(small.Drifted);
        Assert.True(large.Drifted);
        Assert.True(large.Rebaselined);
        Assert.Equal(0f, large.Cosine, 5);
        Assert.Equal([0f, 1f], baseline);
        Assert.True(average < 1f);
    }

    [Fact]
    public void The_never_policy_counts_drift_but_keeps_the_baseline()
    {
        var monitor = new DriftMonitor(new DriftOptions { Policy = RebaselinePolicy.Never, WarmupInteractions = 0 });
        float[] baseline = [1f, 0f];
        var average = 1f;

        var check = monitor.Check([0f, 1f], baseline, 10, ref average);

        Assert.True(check.Drifted);
        Assert.False(check.Rebaselined);
        Assert.Equal([1f, 0f], baseline);
    }
}

public sealed class RankingMetricsTests
{
    private static readonly HashSet<int> Relevant = [2, 5, 9];

    [Fact]
    public void Hand_computed_case_matches_every_metric()
    {
        int[] ranked = [7, 2, 4, 9, 1];

        Assert.Equal(2.0 / 3, RankingMetrics.RecallAt(ranked, Relevant, 5), 10);
        Assert.Equal(1.0, RankingMetrics.HitRateAt(ranked, Relevant, 5));
        Assert.Equal(0.5, RankingMetrics.MrrAt(ranked, Relevant, 5), 10);
        var dcg = (1 / Math.Log2(3)) + (1 / Math.Log2(5));
        var idcg = 1 + (1 / Math.Log2(3)) + (1 / Math.Log2(4));
        Assert.Equal(dcg / idcg, RankingMetrics.NdcgAt(ranked, Relevant, 5), 10);
        Assert.Equal(((1.0 / 2) + (2.0 / 4)) / 3, RankingMetrics.AveragePrecisionAt(ranked, Relevant, 5), 10);
    }

    [Fact]
    public void Recall_normalises_by_k_when_there_are_more_relevant_items_than_k()
    {
        int[] ranked = [2, 5];
        Assert.Equal(1.0, RankingMetrics.RecallAt(ranked, Relevant, 2));
        Assert.Equal(1.0, RankingMetrics.NdcgAt(ranked, Relevant, 2), 10);
    }

    [Fact]
    public void No_hit_scores_zero_everywhere()
    {
        int[] ranked = [1, 3, 4];
        Assert.Equal(0, RankingMetrics.RecallAt(ranked, Relevant, 3));
        Assert.Equal(0, RankingMetrics.NdcgAt(ranked, Relevant, 3));
        Assert.Equal(0, RankingMetrics.MrrAt(ranked, Relevant, 3));
        Assert.Equal(0, RankingMetrics.HitRateAt(ranked, Relevant, 3));
    }

    [Fact]
    public void Single_target_discount_is_one_over_log2_rank_plus_one()
    {
        Assert.Equal(1.0, RankingMetrics.DiscountAt(1));
        Assert.Equal(0.5, RankingMetrics.DiscountAt(3), 10);
    }
}

public sealed class TopKTests
{
    [Fact]
    public void Returns_the_exact_best_items_in_order_and_honours_exclusions()
    {
        var items = new ItemVectors([1f, 0f, 0.9f, 0.1f, 0f, 1f, 0.5f, 0.5f, -1f, 0f], 2);
        var top = new int[3];
        var scores = new float[3];

        var n = TopK.ByDotProduct(items, [1f, 0f], i => i == 1, top, scores);

        Assert.Equal(3, n);
        Assert.Equal([0, 3, 2], top);
        Assert.True(scores[0] >= scores[1] && scores[1] >= scores[2]);
    }
}
