using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OrleansReco.Silo.Tests;

/// <summary><c>POST /v1/interactions</c> (one event, user in the body) and the interaction <c>context</c> field.</summary>
[Collection(EmbeddedHostCollection.Name)]
public sealed class SingleInteractionTests(EmbeddedHostFixture host)
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task<long> InteractionCount(string user)
    {
        var response = await host.Http.GetAsync($"/v1/users/{user}");
        return response.StatusCode == HttpStatusCode.NotFound ? 0 : (await Json(response)).GetProperty("interactionCount").GetInt64();
    }

    [Fact]
    public async Task One_event_is_learned_and_its_context_is_kept_for_the_users_next_recommendations()
    {
        const string user = "single-event";
        var localHour = (DateTime.UtcNow.Hour + 1) % 24;

        var response = await host.Http.PostAsJsonAsync("/v1/interactions",
            new { userId = user, itemId = "item-6", type = "like", context = new { device = "tv", locale = "de-DE", localHour } });
        var export = await Json(await host.Http.GetAsync($"/v1/users/{user}/export"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var accepted = await Json(response);
        Assert.Equal(1, accepted.GetProperty("accepted").GetInt32());
        Assert.Equal(1, accepted.GetProperty("interactionCount").GetInt64());
        var context = export.GetProperty("lastContext");
        Assert.Equal("tv", context.GetProperty("device").GetString());
        Assert.Equal("de-DE", context.GetProperty("locale").GetString());
        Assert.Equal(localHour, context.GetProperty("localHour").GetInt32());
    }

    [Fact]
    public async Task A_retried_event_with_its_idempotency_key_is_applied_once()
    {
        const string user = "single-event-retried";
        async Task<HttpResponseMessage> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/interactions") { Content = JsonContent.Create(new { userId = user, itemId = "item-8" }) };
            request.Headers.Add("Idempotency-Key", "event-8");
            return await host.Http.SendAsync(request);
        }

        var first = await Post();
        var retry = await Post();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, await InteractionCount(user));
    }

    public static TheoryData<string, string> BadEvents => new()
    {
        { """{"itemId":"item-1"}""", "userId" },
        { """{"userId":"single-bad"}""", "itemId" },
        { """{"userId":"single-bad","itemId":"no-such-item"}""", "itemId" },
        { """{"userId":"single-bad","itemId":"item-1","type":"teleport"}""", "type" },
        { """{"userId":"single-bad","itemId":"item-1","type":"rating"}""", "value" },
        { """{"userId":"single-bad","itemId":"item-1","context":{"device":"smart tv"}}""", "context.device" },
        { """{"userId":"single-bad","itemId":"item-1","context":{"localHour":24}}""", "context.localHour" },
        { """{"userId":"single-bad","itemId":""", "itemId" },
        { "", "body" },
    };

    [Theory]
    [MemberData(nameof(BadEvents))]
    public async Task A_bad_event_is_a_400_problem_naming_the_field_and_changes_nothing(string json, string field)
    {
        var response = await host.Http.PostAsync("/v1/interactions", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty(field, out _), await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await InteractionCount("single-bad"));
    }

    [Fact]
    public async Task It_needs_the_write_scope()
    {
        using var reader = host.Client(EmbeddedHostFixture.ReadKey);
        using var anonymous = host.Client(null);

        var forbidden = await reader.PostAsJsonAsync("/v1/interactions", new { userId = "single-scope", itemId = "item-1" });
        var unauthorized = await anonymous.PostAsJsonAsync("/v1/interactions", new { userId = "single-scope", itemId = "item-1" });

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(0, await InteractionCount("single-scope"));
    }

    [Fact]
    public async Task A_bad_recommendation_context_is_a_400_naming_the_parameter()
    {
        var response = await host.Http.GetAsync("/v1/users/single-context/recommendations?device=smart%20tv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("device", out _));
    }
}
