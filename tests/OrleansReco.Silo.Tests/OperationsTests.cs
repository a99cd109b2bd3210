using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OrleansReco.Silo.Tests;

[Collection(EmbeddedHostCollection.Name)]
public sealed class OperationsTests(EmbeddedHostFixture host)
{
    private HttpClient Http => host.Http;

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task A_user_export_holds_what_is_stored_and_unknown_users_are_404()
    {
        const string user = "ops-export";
        await Http.PostAsJsonAsync($"/v1/users/{user}/interactions", new { interactions = new[] { new { itemId = "item-7", type = "like" }, new { itemId = "item-8", type = "hide" } } });

        var export = await Json(await Http.GetAsync($"/v1/users/{user}/export"));
        var unknown = await Http.GetAsync("/v1/users/ops-never-seen/export");

        Assert.Equal(2, export.GetProperty("profile").GetProperty("interactionCount").GetInt64());
        Assert.Contains("item-7", export.GetProperty("recentlySeenItemIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("item-8", export.GetProperty("hiddenItemIds").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("item-7", export.GetProperty("replayBuffer").EnumerateArray().Select(e => e.GetProperty("itemId").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_bulk_import_with_one_bad_line_is_refused_naming_the_line_and_changes_nothing()
    {
        var before = await Json(await Http.GetAsync("/v1/model"));
        var lines = "{\"id\":\"item-5\",\"title\":\"Horror #1\",\"categories\":[\"Horror\"]}\n{\"id\":\"new-x\",\"title\":\"New\",\"categories\":[\"Horror\"]}\nnot json\n";

        var response = await Http.PostAsync("/v1/items/import", new StringContent(lines, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("line 3", out _));
        var after = await Json(await Http.GetAsync("/v1/model"));
        Assert.Equal(before.GetProperty("itemCount").GetInt32(), after.GetProperty("itemCount").GetInt32());
        Assert.Equal(before.GetProperty("revision").GetInt64(), after.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task A_corrupt_model_file_is_refused_and_the_served_model_stays()
    {
        var before = await Json(await Http.GetAsync("/v1/model"));

        var response = await Http.PostAsync("/v1/model", new ByteArrayContent(Encoding.UTF8.GetBytes("this is not a model file")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("body", out _));
        Assert.Equal(before.GetProperty("modelVersion").GetInt64(), (await Json(await Http.GetAsync("/v1/model"))).GetProperty("modelVersion").GetInt64());
    }

    [Fact]
    public async Task Publishing_with_an_align_flag_other_than_true_or_false_is_refused_naming_align()
    {
        var before = await Json(await Http.GetAsync("/v1/model"));

        var response = await Http.PostAsync("/v1/model?align=maybe", new ByteArrayContent(ModelFile(before, before.GetProperty("modelVersion").GetInt64() + 1)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json(response)).GetProperty("errors").TryGetProperty("align", out _));
        Assert.Equal(before.GetProperty("modelVersion").GetInt64(), (await Json(await Http.GetAsync("/v1/model"))).GetProperty("modelVersion").GetInt64());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?align=false")]
    public async Task Publishing_the_served_model_version_again_is_refused_because_users_could_not_notice_it(string query)
    {
        var before = await Json(await Http.GetAsync("/v1/model"));

        var response = await Http.PostAsync("/v1/model" + query, new ByteArrayContent(ModelFile(before, before.GetProperty("modelVersion").GetInt64())));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = (await Json(response)).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Contains("already served", body, StringComparison.Ordinal);
        Assert.Equal(before.GetProperty("revision").GetInt64(), (await Json(await Http.GetAsync("/v1/model"))).GetProperty("revision").GetInt64());
    }

    /// <summary>A valid model file of the served dimension: three items, the given version.</summary>
    private static byte[] ModelFile(JsonElement served, long version)
    {
        var d = served.GetProperty("dimensions").GetInt32();
        var vectors = new float[3 * d];
        for (var i = 0; i < 3; i++)
        {
            vectors[(i * d) + i] = 1f;
        }

        var model = new OrleansReco.Learning.Model.ItemModel(version, d,
            [new("item-1", "One", ["Drama"]), new("item-2", "Two", ["Drama"]), new("item-3", "Three", ["Drama"])], vectors);
        using var stream = new MemoryStream();
        OrleansReco.Learning.Model.ItemModelFile.Write(stream, model);
        return stream.ToArray();
    }

    [Fact]
    public async Task Removing_an_item_keeps_it_out_of_recommendations_and_unknown_items_are_404()
    {
        var removed = await Http.DeleteAsync("/v1/items/item-29");
        var unknown = await Http.DeleteAsync("/v1/items/no-such-item");
        var item = await Json(await Http.GetAsync("/v1/items/item-29"));

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.False(item.GetProperty("available").GetBoolean());
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var similar = await Json(await Http.GetAsync("/v1/items/item-5/similar?k=200"));
            if (!similar.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("itemId").GetString() == "item-29"))
            {
                return;
            }

            await Task.Delay(100); // every silo's replica applies the change on the notification
        }

        Assert.Fail("item-29 was still recommended 10 s after its removal.");
    }

    [Fact]
    public async Task Liveness_readiness_metrics_and_the_api_reference_are_served()
    {
        using var anonymous = host.Client(null);
        await Http.PostAsJsonAsync("/v1/users/ops-metrics/interactions", new { interactions = new[] { new { itemId = "item-1" } } });

        var live = await anonymous.GetAsync("/health/live");
        var ready = await anonymous.GetAsync("/health/ready");
        var metrics = await anonymous.GetStringAsync("/metrics");
        var docs = await anonymous.GetAsync("/docs/index.html");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Contains("orleansreco_interactions", metrics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Fact]
    public async Task Segments_are_listed_with_the_floor_applied_and_unknown_ones_are_404()
    {
        var list = await Json(await Http.GetAsync("/v1/segments"));
        var unknown = await Http.GetAsync("/v1/segments/999");

        Assert.Equal(8, list.GetArrayLength());
        Assert.All(list.EnumerateArray(), s => Assert.True(s.GetProperty("hidden").GetBoolean() || s.GetProperty("size").GetInt64() >= 20));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
