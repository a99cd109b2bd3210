using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OrleansReco.Silo.Tests;

[Collection(EmbeddedHostCollection.Name)]
public sealed class HttpEndToEndTests(EmbeddedHostFixture host)
{
    private const int DemoGenres = 12;
    private HttpClient Http => host.Http;

    private static object Batch(IEnumerable<object> interactions) => new { interactions };

    private async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<string[]> Top10Categories(string user)
    {
        var body = await Json(await Http.GetAsync($"/v1/users/{user}/recommendations?k=10"));
        return body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("category").GetString()!).ToArray();
    }

    [Fact]
    public async Task Twenty_interactions_on_one_genre_move_the_top10_toward_it()
    {
        const string user = "e2e-genre";
        // Demo items are dealt to genres round-robin: item-(12 j + 5) are all "Horror".
        var items = Enumerable.Range(0, 20).Select(j => new { itemId = $"item-{(DemoGenres * j) + 5}", type = "like" });
        var before = (await Top10Categories(user)).Count(c => c == "Horror");

        var post = await Http.PostAsJsonAsync($"/v1/users/{user}/interactions", Batch(items));

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(20, (await Json(post)).GetProperty("interactionCount").GetInt64());
        var after = (await Top10Categories(user)).Count(c => c == "Horror");
        Assert.True(after >= 6 && after > before, $"Horror items in the top 10: before {before}, after {after}");
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"interactions":[{"itemId":"item-1","type":"like","value":"NaN"}]}""", "interactions[0].value" },
        { """{"interactions":[{"itemId":"item-1"},{"itemId":"item-2","value":1e999}]}""", "interactions[1].value" },
        { """{"interactions":[{"itemId":"item-1"},{"itemId":"nope"}]}""", "interactions[1].itemId" },
        { """{"interactions":[]}""", "interactions" },
        { """{"interactions":[{"itemId":"item-1",""", "interactions[0]" },
        { """{"interactions":[{"itemId":"item-1","type":"teleport"}]}""", "interactions[0].type" },
        { "", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_400_problem_naming_the_field_and_changes_nothing(string json, string field)
    {
        const string user = "e2e-bad-input";
        await Http.PostAsJsonAsync($"/v1/users/{user}/interactions", Batch([new { itemId = "item-7" }]));
        var before = await Http.GetStringAsync($"/v1/users/{user}");

        var response = await Http.PostAsync($"/v1/users/{user}/interactions", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await Http.GetStringAsync($"/v1/users/{user}"));
    }

    [Fact]
    public async Task An_oversized_batch_is_a_400_and_is_not_stored()
    {
        const string user = "e2e-oversized";
        var items = Enumerable.Range(0, 1001).Select(_ => new { itemId = "item-1" });

        var response = await Http.PostAsJsonAsync($"/v1/users/{user}/interactions", Batch(items));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("interactions", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/v1/users/{user}")).StatusCode); // nothing was stored
    }

    [Fact]
    public async Task A_user_id_over_256_characters_is_a_400_naming_userId()
    {
        var id = new string('u', 257);

        var post = await Http.PostAsJsonAsync($"/v1/users/{id}/interactions", Batch([new { itemId = "item-1" }]));
        var get = await Http.GetAsync($"/v1/users/{id}/recommendations");

        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);
        Assert.True((await Json(post)).GetProperty("errors").TryGetProperty("userId", out _));
        Assert.Equal(HttpStatusCode.BadRequest, get.StatusCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("ten")]
    public async Task An_invalid_k_is_a_400_naming_k(string k)
    {
        var response = await Http.GetAsync($"/v1/users/anyone/recommendations?k={k}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("k", out _));
    }

    [Fact]
    public async Task Similar_items_come_from_the_same_genre_and_unknown_items_are_404()
    {
        var similar = await Json(await Http.GetAsync("/v1/items/item-5/similar?k=5"));
        var missing = await Http.GetAsync("/v1/items/no-such-item/similar");

        var items = similar.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(5, items.Length);
        Assert.All(items, i => Assert.Equal("Horror", i.GetProperty("category").GetString()));
        Assert.DoesNotContain(items, i => i.GetProperty("itemId").GetString() == "item-5");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Category_filters_and_context_apply_to_recommendations()
    {
        var only = await Json(await Http.GetAsync("/v1/users/e2e-filters/recommendations?k=10&categories=Comedy,Drama&device=tv&hour=21"));
        var badHour = await Http.GetAsync("/v1/users/e2e-filters/recommendations?hour=25");

        Assert.All(only.GetProperty("items").EnumerateArray(), i => Assert.Contains(i.GetProperty("category").GetString(), new[] { "Comedy", "Drama" }));
        Assert.Equal(HttpStatusCode.BadRequest, badHour.StatusCode);
        Assert.True((await Json(badHour)).GetProperty("errors").TryGetProperty("hour", out _));
    }

    [Fact]
    public async Task Delete_erases_the_user()
    {
        const string user = "e2e-forget";
        await Http.PostAsJsonAsync($"/v1/users/{user}/interactions", Batch([new { itemId = "item-3", type = "purchase" }]));

        var delete = await Http.DeleteAsync($"/v1/users/{user}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var profile = await Http.GetAsync($"/v1/users/{user}");
        Assert.Equal(HttpStatusCode.NotFound, profile.StatusCode);
        Assert.Equal(404, (await Json(profile)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task The_same_batch_posted_twice_with_one_idempotency_key_changes_the_user_once()
    {
        const string user = "e2e-idempotent";
        var batch = Batch([new { itemId = "item-9", type = "like" }, new { itemId = "item-21", type = "click" }]);
        async Task<HttpResponseMessage> Post(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/users/{user}/interactions") { Content = JsonContent.Create(batch) };
            request.Headers.Add("Idempotency-Key", key);
            return await Http.SendAsync(request);
        }

        var first = await Post("batch-1");
        var once = await Json(await Http.GetAsync($"/v1/users/{user}"));
        var retry = await Post("batch-1");
        var afterRetry = await Json(await Http.GetAsync($"/v1/users/{user}"));
        await Post("batch-2");
        var afterSecondKey = await Json(await Http.GetAsync($"/v1/users/{user}"));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal((await Json(first)).GetRawText(), (await Json(retry)).GetRawText());
        Assert.Equal(2, afterRetry.GetProperty("interactionCount").GetInt64());
        Assert.Equal(once.GetProperty("vector").GetRawText(), afterRetry.GetProperty("vector").GetRawText());
        Assert.Equal(4, afterSecondKey.GetProperty("interactionCount").GetInt64());
    }

    [Fact]
    public async Task The_catalog_can_be_browsed_searched_and_read_item_by_item()
    {
        var horror = await Json(await Http.GetAsync("/v1/items?category=Horror&limit=5&offset=2"));
        var search = await Json(await Http.GetAsync("/v1/items?search=sci-fi%20%2312"));
        var item = await Json(await Http.GetAsync("/v1/items/item-4"));
        var missing = await Http.GetAsync("/v1/items/no-such-item");
        var badLimit = await Http.GetAsync("/v1/items?limit=0");

        Assert.Equal(Enumerable.Range(0, 1000).Count(i => i % DemoGenres == 4), horror.GetProperty("total").GetInt32()); // item n is in genre (n − 1) mod 12
        Assert.Equal(5, horror.GetProperty("items").GetArrayLength());
        Assert.All(horror.GetProperty("items").EnumerateArray(), i => Assert.Equal("Horror", i.GetProperty("categories")[0].GetString()));
        Assert.Contains(search.GetProperty("items").EnumerateArray(), i => i.GetProperty("title").GetString() == "Sci-Fi #12");
        Assert.Equal("Sci-Fi #1", item.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.True((await Json(badLimit)).GetProperty("errors").TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task Health_reports_the_demo_catalog_and_openapi_is_served()
    {
        var health = await Json(await Http.GetAsync("/health"));
        var openApi = await Http.GetAsync("/openapi/v1.json");

        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(1000, health.GetProperty("items").GetInt32());
        Assert.Equal(1000, health.GetProperty("index").GetProperty("items").GetInt32());
        Assert.InRange(health.GetProperty("index").GetProperty("graphBytesPerVector").GetDouble(), 1, 400);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Contains("/v1/users/{id}/interactions", await openApi.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Demographics_are_stored_and_invalid_ones_are_a_400_naming_the_field()
    {
        const string user = "e2e-demographics";

        var ok = await Http.PutAsJsonAsync($"/v1/users/{user}/demographics", new { age = 30, gender = "F", occupation = "engineer", zipCode = "94110" });
        var bad = await Http.PutAsJsonAsync($"/v1/users/{user}/demographics", new { age = 0, gender = "M" });

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(30, (await Json(ok)).GetProperty("demographics").GetProperty("age").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await Json(bad)).GetProperty("errors").TryGetProperty("age", out _));
        var profile = await Json(await Http.GetAsync($"/v1/users/{user}"));
        Assert.Equal("F", profile.GetProperty("demographics").GetProperty("gender").GetString());
    }

    [Fact]
    public async Task Item_upserts_are_validated_and_need_a_vector_without_a_content_tower()
    {
        // The demo catalog has no content tower: a new item needs a vector of the catalog's dimension.
        var noVector = await Http.PostAsJsonAsync("/v1/items", new { items = new[] { new { id = "new-1", title = "New", categories = new[] { "Horror" } } } });
        var wrongSize = await Http.PostAsJsonAsync("/v1/items", new { items = new[] { new { id = "new-2", title = "New", categories = new[] { "Horror" }, vector = new[] { 1f, 2f } } } });
        var existing = await Http.PostAsJsonAsync("/v1/items", new { items = new[] { new { id = "item-5", title = "Horror #1", categories = new[] { "Horror" } } } });

        Assert.Equal(HttpStatusCode.BadRequest, noVector.StatusCode);
        Assert.True((await Json(noVector)).GetProperty("errors").TryGetProperty("items[0].vector", out _));
        Assert.Equal(HttpStatusCode.BadRequest, wrongSize.StatusCode);
        Assert.True((await Json(wrongSize)).GetProperty("errors").TryGetProperty("items[0].vector", out _));
        Assert.Equal(HttpStatusCode.OK, existing.StatusCode);
        var info = await Json(existing);
        Assert.Equal(1000, info.GetProperty("itemCount").GetInt32());
        Assert.False(info.GetProperty("hasContentTower").GetBoolean());
    }

    [Fact]
    public async Task The_orleans_dashboard_is_served_when_enabled()
    {
        var dashboard = await Http.GetAsync("/dashboard/");

        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("html", dashboard.Content.Headers.ContentType?.MediaType ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Lambda_and_epsilon_override_the_configured_diversity_and_exploration()
    {
        const string user = "e2e-lambda";
        await Http.PostAsJsonAsync($"/v1/users/{user}/interactions", Batch([new { itemId = "item-5", type = "like" }]));

        var relevanceOnly = await Json(await Http.GetAsync($"/v1/users/{user}/recommendations?k=10&lambda=1&epsilon=0"));
        var plain = await Json(await Http.GetAsync($"/v1/users/{user}/recommendations?k=10&diversify=false&explore=false"));
        var badLambda = await Http.GetAsync($"/v1/users/{user}/recommendations?lambda=1.5");
        var badEpsilon = await Http.GetAsync($"/v1/users/{user}/recommendations?epsilon=abc");

        Assert.Equal(Ids(plain), Ids(relevanceOnly));
        Assert.True((await Json(badLambda)).GetProperty("errors").TryGetProperty("lambda", out _));
        Assert.True((await Json(badEpsilon)).GetProperty("errors").TryGetProperty("epsilon", out _));
    }

    private static string[] Ids(JsonElement result) => result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!).ToArray();

    [Fact]
    public async Task A_user_read_back_from_the_memory_storage_after_deactivation_is_unchanged()
    {
        const string user = "e2e-reactivated";
        var items = Enumerable.Range(0, 12).Select(j => new { itemId = $"item-{(j * 7) + 1}", type = j % 3 == 0 ? "like" : "click" });
        Assert.Equal(HttpStatusCode.OK, (await Http.PostAsJsonAsync($"/v1/users/{user}/interactions", Batch(items))).StatusCode);
        var before = await Http.GetStringAsync($"/v1/users/{user}/export");

        // Only this user is deactivated: the host is shared, and a catalog grain collected with everything else would
        // forget the replicas' subscriptions until they renew them.
        var grains = host.Services.GetRequiredService<IGrainFactory>();
        var management = grains.GetGrain<IManagementGrain>(0);
        Assert.Contains(await management.GetDetailedGrainStatistics(), a => a.GrainId.Key.ToString() == user);
        await grains.GetGrain<OrleansReco.Abstractions.IUserGrain>(user).AsReference<Orleans.Core.Internal.IGrainManagementExtension>().DeactivateOnIdle();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await management.GetDetailedGrainStatistics()).Any(a => a.GrainId.Key.ToString() == user))
        {
            Assert.True(DateTime.UtcNow < deadline, "the user grain was not deactivated within 20 s");
            await Task.Delay(50);
        }

        Assert.Equal(before, await Http.GetStringAsync($"/v1/users/{user}/export"));
    }
}
