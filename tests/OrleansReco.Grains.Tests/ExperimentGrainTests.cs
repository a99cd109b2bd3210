using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.TestingHost;
using OrleansReco.Abstractions;
using OrleansReco.Grains.Experiments;
using OrleansReco.Learning;
using OrleansReco.Learning.Experiments;
using Xunit.Abstractions;

namespace OrleansReco.Grains.Tests;

/// <summary>
/// Experiments through the real grains: user grains rank with their variant's settings, the silo's assigner sums
/// exposures and outcomes and flushes them to the experiment grain, the registry computes the results. Each test stops
/// its experiment so the other tests of the shared cluster rank with the configured settings.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ExperimentGrainTests(ClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly double[] HalfAndHalf = [0.5, 0.5];

    private ExperimentAssigner Assigner => ((InProcessSiloHandle)fixture.Cluster.Primary!).SiloHost!.Services.GetRequiredService<ExperimentAssigner>();

    private IExperimentRegistryGrain Registry => fixture.Grains.GetGrain<IExperimentRegistryGrain>(0);

    [Fact]
    public async Task Simulated_users_who_click_their_genre_make_the_relevance_variant_win_over_the_diverse_one_with_p_below_0_05()
    {
        // Control: MMR λ = 0 (maximal diversity: lists spread over genres). Treatment: λ = 1 (relevance only). Users like
        // one genre and click an item of it with probability 0.5, another with 0.05.
        await CreateAsync(Definition("sim-mmr", new VariantSettings(Lambda: 0f, Epsilon: 0f), new VariantSettings(Lambda: 1f, Epsilon: 0f), 0.1, 0.1));
        try
        {
            var random = new DeterministicRandom(7);
            var sent = new long[2];
            var shown = new long[2];
            for (var u = 0; u < 160; u++)
            {
                var user = fixture.Grains.GetGrain<IUserGrain>($"sim-mmr-user-{u}");
                var genre = u % ClusterFixture.Genres;
                await user.RecordInteractionsAsync([.. Enumerable.Range(0, 4).Select(j => new Interaction(ItemOfGenre(genre, j), InteractionType.Like))]);
                for (var round = 0; round < 2; round++)
                {
                    var result = await user.RecommendAsync(new RecommendationRequest(K: 10));
                    var variant = VariantOf(result, "sim-mmr");
                    var clicks = result.Items.Where(i => random.NextFloat() < (GenreOf(i.ItemId) == genre ? 0.5f : 0.05f))
                        .Select(i => new Interaction(i.ItemId, InteractionType.Click)).ToList();
                    (shown[variant], sent[variant]) = (shown[variant] + result.Items.Count, sent[variant] + clicks.Count);
                    if (clicks.Count > 0)
                    {
                        await user.RecordInteractionsAsync(clicks);
                    }
                }
            }

            await Assigner.FlushAsync();
            var results = (await Registry.GetResultsAsync("sim-mmr"))!;
            var (control, treatment) = (results.Variants[0], results.Variants[1]);
            var ctr = treatment.Outcomes.Single(o => o.Outcome == ExperimentOutcome.Click);
            output.WriteLine($"control {control.Outcomes[0].Count}/{control.Exposures}, treatment {ctr.Count}/{treatment.Exposures}, p = {ctr.PValue:G3}, planned {results.PlannedExposuresPerVariant}");

            Assert.Equal([shown[0], shown[1]], [control.Exposures, treatment.Exposures]);
            Assert.Equal([sent[0], sent[1]], [control.Outcomes[0].Count, ctr.Count]);
            Assert.True(ctr.PValue < 0.05, $"p = {ctr.PValue}");
            Assert.Equal("better", treatment.Verdict);
            Assert.Equal("control", control.Verdict);
            Assert.InRange(ctr.Rate, ctr.Low, ctr.High);
        }
        finally
        {
            await StopAsync("sim-mmr");
        }
    }

    [Fact]
    public async Task A_users_variant_never_changes_across_requests_flushes_and_reactivation_and_is_the_hash_of_experiment_and_user()
    {
        await CreateAsync(Definition("sticky", new VariantSettings(Candidates: 100), new VariantSettings(Candidates: 200), 0.05, 0.01));
        try
        {
            var users = Enumerable.Range(0, 40).Select(u => $"sticky-user-{u}").ToArray();
            var first = await VariantsAsync(users);
            await Assigner.FlushAsync();
            var afterFlush = await VariantsAsync(users);
            var shownBefore = (await fixture.Grains.GetGrain<IUserGrain>(users[0]).RecommendAsync(new RecommendationRequest(K: 3))).Items[0].ItemId;
            foreach (var user in users)
            {
                await fixture.Grains.GetGrain<IUserGrain>(user).Cast<IGrainManagementExtension>().DeactivateOnIdle();
            }

            await Assigner.FlushAsync();
            var before = (await Registry.GetResultsAsync("sticky"))!.Variants.Sum(v => v.Outcomes[0].Count);
            await fixture.Grains.GetGrain<IUserGrain>(users[0]).RecordInteractionsAsync([new Interaction(shownBefore, InteractionType.Click)]);
            await Assigner.FlushAsync();
            var afterReactivation = await VariantsAsync(users);

            Assert.Equal(first, afterFlush);
            Assert.Equal(first, afterReactivation);
            Assert.Equal(users.Select(u => VariantAssignment.Assign("sticky", u, HalfAndHalf)), first);
            Assert.Contains(0, first);
            Assert.Contains(1, first);
            // Proof the grains were reactivated: the exposures remembered by the old activation are gone, so the click counts nowhere.
            Assert.Equal(before, (await Registry.GetResultsAsync("sticky"))!.Variants.Sum(v => v.Outcomes[0].Count));
        }
        finally
        {
            await StopAsync("sticky");
        }
    }

    [Fact]
    public async Task A_stopped_experiment_assigns_nobody_counts_nothing_more_and_its_name_cannot_be_reused()
    {
        await CreateAsync(Definition("stop-me", new VariantSettings(), new VariantSettings(Epsilon: 0.2f), 0.05, 0.01));
        var user = fixture.Grains.GetGrain<IUserGrain>("stop-me-user");
        var shown = await user.RecommendAsync(new RecommendationRequest(K: 5));
        await StopAsync("stop-me");
        await user.RecordInteractionsAsync([new Interaction(shown.Items[0].ItemId, InteractionType.Purchase)]);
        await Assigner.FlushAsync();
        var after = await user.RecommendAsync(new RecommendationRequest(K: 5));
        await Assigner.FlushAsync();
        var results = (await Registry.GetResultsAsync("stop-me"))!;
        var again = await Registry.CreateAsync(Definition("stop-me", new VariantSettings(), new VariantSettings(), 0.05, 0.01));

        Assert.Single(shown.Experiments);
        Assert.Empty(after.Experiments);
        Assert.Equal(ExperimentStatus.Stopped, results.Status);
        Assert.Equal(5, results.Variants.Sum(v => v.Exposures));
        Assert.Equal(0, results.Variants.Sum(v => v.Outcomes.Single(o => o.Outcome == ExperimentOutcome.Purchase).Count));
        Assert.True(again.DuplicateName);
        Assert.Null(again.Experiment);
    }

    [Fact]
    public async Task An_experiment_varying_a_setting_an_active_one_varies_is_refused_naming_the_setting()
    {
        await CreateAsync(Definition("owns-lambda", new VariantSettings(Lambda: 0.5f), new VariantSettings(Lambda: 0.9f), 0.05, 0.01));
        try
        {
            var refused = await Registry.CreateAsync(Definition("wants-lambda", new VariantSettings(), new VariantSettings(Lambda: 0.2f), 0.05, 0.01));

            Assert.Null(refused.Experiment);
            Assert.Equal("variants[1].settings.lambda", Assert.Single(refused.Errors).Field);
            Assert.Null(await Registry.GetAsync("wants-lambda"));
        }
        finally
        {
            await StopAsync("owns-lambda");
        }
    }

    [Fact]
    public async Task Only_outcomes_on_items_shown_count_each_once_per_exposure_and_under_its_own_outcome()
    {
        await CreateAsync(Definition("attribution", new VariantSettings(), new VariantSettings(), 0.05, 0.01));
        try
        {
            var user = fixture.Grains.GetGrain<IUserGrain>("attribution-user");
            var shown = await user.RecommendAsync(new RecommendationRequest(K: 5));
            var (first, second) = (shown.Items[0].ItemId, shown.Items[1].ItemId);
            var notShown = Enumerable.Range(1, ClusterFixture.Items).Select(n => $"item-{n}").First(id => shown.Items.All(i => i.ItemId != id));

            await user.RecordInteractionsAsync([new Interaction(first, InteractionType.Click), new Interaction(notShown, InteractionType.Click)]);
            await user.RecordInteractionsAsync([new Interaction(first, InteractionType.Click), new Interaction(first, InteractionType.Like)]);
            await user.RecordInteractionsAsync([new Interaction(second, InteractionType.View), new Interaction(second, InteractionType.Dislike)]);
            await Assigner.FlushAsync();
            var row = (await Registry.GetResultsAsync("attribution"))!.Variants.Single(v => v.Exposures > 0);
            long Count(ExperimentOutcome outcome) => row.Outcomes.Single(o => o.Outcome == outcome).Count;

            Assert.Equal(shown.Experiments.Single().Variant, row.Variant);
            Assert.Equal((1, 5), (row.Lists, row.Exposures));
            Assert.Equal(1, Count(ExperimentOutcome.Click));
            Assert.Equal(1, Count(ExperimentOutcome.Like));
            Assert.Equal(1, Count(ExperimentOutcome.Dwell));
            Assert.Equal(0, Count(ExperimentOutcome.Purchase));
        }
        finally
        {
            await StopAsync("attribution");
        }
    }

    [Fact]
    public async Task A_retried_count_batch_is_applied_once()
    {
        var grain = fixture.Grains.GetGrain<IExperimentGrain>("retried-batch");
        var batch = new ExperimentCountsBatch("silo-a", 1, new Dictionary<string, VariantCounts> { ["a"] = new(1, 10, 2, 0, 1, 0) });

        await grain.ApplyAsync(batch);
        await grain.ApplyAsync(batch);
        await grain.ApplyAsync(batch with { Source = "silo-b" });

        Assert.Equal(new VariantCounts(2, 20, 4, 0, 2, 0), (await grain.GetCountsAsync())["a"]);
    }

    private static ExperimentDefinition Definition(string name, VariantSettings control, VariantSettings treatment, double baseline, double effect) =>
        new(name, [new ExperimentVariant("control", 0.5, control), new ExperimentVariant("treatment", 0.5, treatment)],
            DateTimeOffset.UtcNow.AddMinutes(-1), null, baseline, effect, ExperimentOutcome.Click);

    private static string ItemOfGenre(int genre, int j) => $"item-{(j * ClusterFixture.Genres) + genre + 1}";

    private static int GenreOf(string itemId) => (int.Parse(itemId["item-".Length..], System.Globalization.CultureInfo.InvariantCulture) - 1) % ClusterFixture.Genres;

    private static int VariantOf(RecommendationResult result, string experiment) =>
        result.Experiments.Single(e => e.Experiment == experiment).Variant == "control" ? 0 : 1;

    private async Task<int[]> VariantsAsync(string[] users)
    {
        var variants = new int[users.Length];
        for (var i = 0; i < users.Length; i++)
        {
            variants[i] = VariantOf(await fixture.Grains.GetGrain<IUserGrain>(users[i]).RecommendAsync(new RecommendationRequest(K: 3)), "sticky");
        }

        return variants;
    }

    private async Task CreateAsync(ExperimentDefinition definition)
    {
        var created = await Registry.CreateAsync(definition);
        Assert.True(created.Experiment is not null, string.Join("; ", created.Errors.Select(e => $"{e.Field}: {e.Message}")));
        await Assigner.RefreshAsync();
    }

    private async Task StopAsync(string name)
    {
        await Registry.StopAsync(name);
        await Assigner.RefreshAsync();
    }
}
