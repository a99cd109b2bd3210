using OrleansReco.Abstractions;
using OrleansReco.Grains.Ranking;
using OrleansReco.Grains.Users;

namespace OrleansReco.Grains.Tests;

/// <summary>The interaction context a user's events carry, and how recommendations asked without one use it.</summary>
public sealed class UserContextTests
{
    private static readonly DateTimeOffset Evening = new(2026, 11, 23, 19, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_last_context_wins_field_by_field_and_the_local_hour_becomes_an_offset_from_utc()
    {
        var first = UserContext.After(null, [new Interaction("a", Context: new RecommendationContext("tv", "fr-FR", 21))], Evening);
        var second = UserContext.After(first, [new Interaction("b"), new Interaction("c", Context: new RecommendationContext(Device: "mobile"))], Evening);

        Assert.Equal(new UserContext("tv", "fr-FR", 2), first);
        Assert.Equal(new UserContext("mobile", "fr-FR", 2), second);
    }

    [Fact]
    public void The_offset_uses_the_event_timestamp_and_wraps_past_midnight()
    {
        var at = new DateTimeOffset(2026, 11, 23, 23, 0, 0, TimeSpan.Zero);

        var ahead = UserContext.After(null, [new Interaction("a", Timestamp: at, Context: new RecommendationContext(LocalHour: 1))], Evening);
        var behind = UserContext.After(null, [new Interaction("a", Timestamp: at, Context: new RecommendationContext(LocalHour: 18))], Evening);

        Assert.Equal(2, ahead!.HoursAheadOfUtc);
        Assert.Equal(19, behind!.HoursAheadOfUtc); // 5 hours behind: only the local hour matters
        Assert.Equal(14, behind.Complete(null, Evening).LocalHour);
    }

    [Fact]
    public void A_batch_without_context_keeps_what_was_known()
    {
        var known = new UserContext("tv", null, 3);

        Assert.Same(known, UserContext.After(known, [new Interaction("a"), new Interaction("b", Context: new RecommendationContext())], Evening));
        Assert.Null(UserContext.After(null, [new Interaction("a")], Evening));
    }

    [Fact]
    public void A_request_context_overrides_the_remembered_one_field_by_field()
    {
        var known = new UserContext("tv", "fr-FR", 2);

        var completed = known.Complete(new RecommendationContext(Locale: "en-GB"), Evening);

        Assert.Equal(new RecommendationContext("tv", "en-GB", 21), completed);
        Assert.Equal(new RecommendationContext("web", "fr-FR", 7), known.Complete(new RecommendationContext("web", null, 7), Evening));
    }
}

/// <summary>The same, through a user grain.</summary>
[Collection(ClusterCollection.Name)]
public sealed class UserContextGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Recommendations_without_a_context_use_the_context_of_the_users_latest_interactions()
    {
        var withContext = fixture.Grains.GetGrain<IUserGrain>($"context-{Guid.NewGuid():N}");
        var without = fixture.Grains.GetGrain<IUserGrain>($"no-context-{Guid.NewGuid():N}");
        var localHour = (DateTimeOffset.UtcNow.Hour + 2) % 24;
        Interaction[] batch = [new("item-1"), new("item-2", Context: new RecommendationContext(ClusterFixture.ContextDevice, "fr-FR", localHour))];
        Interaction[] plain = [new("item-1"), new("item-2")];
        var request = new RecommendationRequest(10, Explore: false);

        Assert.True((await withContext.RecordInteractionsAsync(batch)).IsAccepted);
        Assert.True((await without.RecordInteractionsAsync(plain)).IsAccepted);
        var remembered = await withContext.RecommendAsync(request);
        var overridden = await withContext.RecommendAsync(request with { Context = new RecommendationContext("web") });
        var control = await without.RecommendAsync(request);
        var export = await withContext.ExportAsync();

        Assert.Contains(remembered.Items, r => r.Reason == RankingPipeline.ContextReason && r.Category == ClusterFixture.ContextCategory);
        Assert.DoesNotContain(overridden.Items, r => r.Reason == RankingPipeline.ContextReason);
        Assert.DoesNotContain(control.Items, r => r.Reason == RankingPipeline.ContextReason);
        Assert.Equal(ClusterFixture.ContextDevice, export.LastContext?.Device);
        Assert.Equal("fr-FR", export.LastContext?.Locale);
        Assert.Equal(localHour, export.LastContext?.LocalHour);
    }
}
