using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace OrleansReco.Page.Tests;

/// <summary>The demo page at <c>/</c>, driven in a real browser against the real host.</summary>
[Collection(PageCollection.Name)]
public sealed class DemoPageTests(PageFixture fixture, ITestOutputHelper output)
{
    /// <summary>Demo catalog: item n is in genre (n − 1) mod 12, and genre 4 is Horror (item-5, item-17, …).</summary>
    private const string Genre = "Horror";

    [Fact]
    public async Task Page_loads_with_no_console_errors_and_shows_the_catalog()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        await context.AddInitScriptAsync(PageFixture.StoreApiKeyScript);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.RequestFailed += (_, request) => errors.Add($"{request.Url}: {request.Failure}");

        await page.GotoAsync(fixture.BaseUrl);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Catalog" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("catalog-item")).ToHaveCountAsync(20);
        await Expect(page.GetByTestId("catalog-range")).ToHaveTextAsync("1–20 of 1000");
        await Expect(page.GetByTestId("catalog-item").First).ToContainTextAsync("item-1");
        await Expect(page.GetByTestId("health")).ToContainTextAsync("healthy");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Liking_items_of_one_genre_turns_the_recommendations_to_it_and_updates_the_profile()
    {
        await using var context = await fixture.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        await context.AddInitScriptAsync(PageFixture.StoreApiKeyScript);
        var page = await context.NewPageAsync();
        await page.GotoAsync(fixture.BaseUrl);

        // A fixed id: the learner seeds its negative sampling from the user id, so the drift path is the same every run
        // (a random id let an occasional run drift and rebaseline exactly on the last like, showing cosine 1).
        await page.GetByLabel("User id").FillAsync("page-horror-fan");
        await page.GetByTestId("use-user").ClickAsync();
        await Expect(page.GetByTestId("profile-interactions")).ToHaveTextAsync("0");
        await Expect(page.GetByTestId("rec-item")).ToHaveCountAsync(10);
        var before = await RecommendationsAsync(page);

        await page.GetByLabel("Category").FillAsync(Genre);
        await page.GetByTestId("catalog-submit").ClickAsync();
        await Expect(page.GetByTestId("catalog-item").First).ToHaveAttributeAsync("data-item-id", "item-5");
        await Expect(page.GetByTestId("catalog-range")).ToHaveTextAsync(new Regex("^1–20 of 83$"));
        var likes = 8; // the drift baseline is taken after 5 interactions (DriftOptions.WarmupInteractions); later likes move off it
        for (var i = 0; i < likes; i++)
        {
            await page.GetByTestId("catalog-item").Nth(i).GetByTestId("like").ClickAsync();
            await Expect(page.GetByTestId("profile-interactions")).ToHaveTextAsync($"{i + 1}");
        }

        var after = await RecommendationsAsync(page);
        var (horrorBefore, horrorAfter) = (before.Count(r => r.Category == Genre), after.Count(r => r.Category == Genre));
        output.WriteLine($"before: {string.Join(", ", before)}");
        output.WriteLine($"after:  {string.Join(", ", after)}");
        Assert.NotEqual(before.Select(r => r.ItemId), after.Select(r => r.ItemId));
        Assert.True(horrorAfter > horrorBefore && horrorAfter >= after.Count / 2, $"{Genre} items: {horrorBefore} before, {horrorAfter} after of {after.Count}.");
        // Exploration (ε = 0.05 a slot) may put a "new: exploring" item anywhere, even first.
        await Expect(page.GetByTestId("rec-reason").Filter(new() { HasTextString = "similar to your interests" }).First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("profile-drift")).ToHaveTextAsync(new Regex(@"^0\.\d{4}$"));
        output.WriteLine($"drift cosine: {await page.GetByTestId("profile-drift").TextContentAsync()}");
        await Expect(page.GetByTestId("message")).ToContainTextAsync($"{likes} interactions");
        await Expect(page.GetByTestId("profile-segment")).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(page.GetByTestId("segment-summary")).ToContainTextAsync("hidden (fewer users than the privacy floor)");

        var screenshot = Path.Combine(Directory.GetCurrentDirectory(), "TestResults", "page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        output.WriteLine($"screenshot: {screenshot}");
    }

    [Fact]
    public async Task The_api_key_is_sent_on_every_call_and_a_401_says_so()
    {
        await using var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var keys = new List<string?>();
        await page.RouteAsync("**/v1/users/**", route =>
        {
            keys.Add(route.Request.Headers.GetValueOrDefault("x-api-key"));
            return route.FulfillAsync(new() { Status = 401, ContentType = "application/problem+json", Body = """{"title":"Unauthorized","status":401}""" });
        });
        await page.GotoAsync(fixture.BaseUrl);

        await page.GetByText("API key", new() { Exact = true }).First.ClickAsync();
        await page.GetByLabel("API key").FillAsync("demo-key");
        await page.GetByTestId("save-key").ClickAsync();
        await Expect(page.GetByTestId("message")).ToHaveTextAsync("API key saved in this browser.");
        await page.GetByLabel("User id").FillAsync("keyed-user");
        await page.GetByTestId("use-user").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("401 Unauthorized");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("API key");
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Equal("demo-key", key));
        Assert.Equal("demo-key", await page.EvaluateAsync<string>("() => localStorage.getItem('orleansreco.apiKey')"));
    }

    [Fact]
    public async Task Page_files_are_served_with_no_cache_and_their_content_types()
    {
        using var html = await fixture.Http.GetAsync("/");
        using var script = await fixture.Http.GetAsync("/app.js");

        html.EnsureSuccessStatusCode();
        script.EnsureSuccessStatusCode();
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.True(html.Headers.CacheControl?.NoCache);
        Assert.Contains("data-testid=\"catalog\"", await html.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_experiments_section_shows_each_variants_rate_interval_and_verdict()
    {
        var body = new
        {
            name = "page-experiment", baselineRate = 0.1, minimumDetectableEffect = 0.02,
            variants = new[] { new { name = "control", traffic = 0.5 }, new { name = "treatment", traffic = 0.5 } },
        };
        (await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(fixture.Http, "/v1/experiments", body)).EnsureSuccessStatusCode();
        try
        {
            await using var context = await fixture.Browser.NewContextAsync();
            await context.AddInitScriptAsync(PageFixture.StoreApiKeyScript);
            var page = await context.NewPageAsync();
            await page.GotoAsync(fixture.BaseUrl);

            await page.GetByTestId("experiments-refresh").ClickAsync();

            var table = page.Locator("[data-testid=experiment-table][data-experiment=page-experiment]");
            await Expect(table).ToContainTextAsync("planned 3,841 items shown per variant");
            await Expect(table.GetByTestId("experiment-variant")).ToHaveCountAsync(2);
            await Expect(table.GetByTestId("experiment-variant").First).ToContainTextAsync("control");
            await Expect(table.GetByTestId("experiment-variant").Nth(1)).ToContainTextAsync("underpowered");
            await Expect(page.GetByTestId("experiments")).ToContainTextAsync("peeking");
        }
        finally
        {
            await fixture.Http.PostAsync("/v1/experiments/page-experiment/stop", null);
        }
    }

    private static async Task<IReadOnlyList<(string ItemId, string Category)>> RecommendationsAsync(IPage page)
    {
        var rows = await page.GetByTestId("rec-item").EvaluateAllAsync<string[][]>("items => items.map(i => [i.dataset.itemId, i.dataset.category])");
        return [.. rows.Select(r => (r[0], r[1]))];
    }
}
