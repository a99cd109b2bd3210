using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OrleansReco.Grains.Experiments;
using OrleansReco.Learning.Experiments;

namespace OrleansReco.Silo.Tests;

/// <summary>
/// <c>/v1/experiments</c> through the real host. The experiments here vary no setting, so the other tests of the
/// collection rank as configured while one runs; each test stops what it starts.
/// </summary>
[Collection(EmbeddedHostCollection.Name)]
public sealed class ExperimentsApiTests(EmbeddedHostFixture host)
{
    private ExperimentAssigner Assigner => host.Services.GetRequiredService<ExperimentAssigner>();

    private static object Body(string name, params object[] variants) => new { name, variants, baselineRate = 0.1, minimumDetectableEffect = 0.02 };

    private static object Variant(string name, double traffic, object? settings = null) => new { name, traffic, settings };

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task Create_list_get_recommend_with_the_variant_results_and_stop_work_end_to_end()
    {
        var created = await host.Http.PostAsJsonAsync("/v1/experiments", Body("api-e2e", Variant("control", 0.5), Variant("treatment", 0.5)));
        await Assigner.RefreshAsync();
        try
        {
            var list = await Json(await host.Http.GetAsync("/v1/experiments"));
            var one = await Json(await host.Http.GetAsync("/v1/experiments/api-e2e"));
            var recommended = await Json(await host.Http.GetAsync("/v1/users/api-e2e-user/recommendations?k=4"));
            await Assigner.FlushAsync();
            var results = await Json(await host.Http.GetAsync("/v1/experiments/api-e2e/results"));

            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("/v1/experiments/api-e2e", created.Headers.Location?.OriginalString);
            Assert.Contains(list.EnumerateArray(), e => e.GetProperty("name").GetString() == "api-e2e");
            Assert.Equal("running", one.GetProperty("status").GetString());
            var assignment = Assert.Single(recommended.GetProperty("experiments").EnumerateArray());
            var expected = VariantAssignment.Assign("api-e2e", "api-e2e-user", [0.5, 0.5]) == 0 ? "control" : "treatment";
            Assert.Equal(expected, assignment.GetProperty("variant").GetString());
            Assert.Equal(3841, results.GetProperty("plannedExposuresPerVariant").GetInt64());
            Assert.Contains("peeking", results.GetProperty("warning").GetString());
            var row = results.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("variant").GetString() == expected);
            Assert.Equal(4, row.GetProperty("exposures").GetInt64());
            Assert.Equal(expected == "control" ? "control" : "underpowered", row.GetProperty("verdict").GetString());
            Assert.Equal(4, row.GetProperty("outcomes").GetArrayLength());
        }
        finally
        {
            var stopped = await host.Http.PostAsync("/v1/experiments/api-e2e/stop", null);
            await Assigner.RefreshAsync();
            Assert.Equal("stopped", (await Json(stopped)).GetProperty("status").GetString());
        }

        var after = await Json(await host.Http.GetAsync("/v1/users/api-e2e-user/recommendations?k=4"));
        Assert.Empty(after.GetProperty("experiments").EnumerateArray());
    }

    [Fact]
    public async Task A_missing_or_unknown_key_is_a_401_on_every_experiment_endpoint()
    {
        foreach (var key in new[] { null, "not-a-key" })
        {
            using var client = host.Client(key);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/v1/experiments", Body("api-401", Variant("a", 0.5), Variant("b", 0.5)))).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/experiments")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/experiments/api-401")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/experiments/api-401/results")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/v1/experiments/api-401/stop", null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/v1/experiments/api-401")).StatusCode);
    }

    [Fact]
    public async Task Creating_or_stopping_needs_the_admin_scope_and_reading_needs_the_read_scope()
    {
        using var reader = host.Client(EmbeddedHostFixture.ReadKey);
        using var writer = host.Client(EmbeddedHostFixture.WriteKey);

        var readerCreates = await reader.PostAsJsonAsync("/v1/experiments", Body("api-403", Variant("a", 0.5), Variant("b", 0.5)));
        var readerStops = await reader.PostAsync("/v1/experiments/api-403/stop", null);
        var writerLists = await writer.GetAsync("/v1/experiments");
        var writerResults = await writer.GetAsync("/v1/experiments/api-403/results");
        var readerLists = await reader.GetAsync("/v1/experiments");

        Assert.Equal(HttpStatusCode.Forbidden, readerCreates.StatusCode);
        Assert.Equal(403, (await Json(readerCreates)).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, readerStops.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, writerLists.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, writerResults.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readerLists.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/v1/experiments/api-403")).StatusCode);
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"name":"api-400","variants":[{"name":"a","traffic":0.5},{"name":"b","traffic":0.4}]}""", "variants" },
        { """{"name":"api-400","variants":[{"name":"a","traffic":0.5},{"name":"a","traffic":0.5}]}""", "variants[1].name" },
        { """{"name":"api-400","variants":[{"name":"a","traffic":0.5,"settings":{"temperature":2}},{"name":"b","traffic":0.5}]}""", "variants[0].settings.temperature" },
        { """{"name":"api-400","variants":[{"name":"a","traffic":0.5},{"name":"b","traffic":0.5,"settings":{"modelVersion":2}}]}""", "variants[1].settings.modelVersion" },
        { """{"name":"api-400","variants":[{"name":"a","traffic":0.5},{"name":"b","traffic":0.5,"settings":{"lambda":1.5}}]}""", "variants[1].settings.lambda" },
        { """{"name":"api-400","variants":[{"name":"a","traffic":0.5},{"name":"b","traffic":0.5,"settings":{"candidates":"many"}}]}""", "variants[1].settings.candidates" },
        { """{"name":"api-400","variants":[{"name":"a","traffic":0.5},{"name":"b"}]}""", "variants[1].traffic" },
        { """{"name":"api-400","variants":[{"name":"only","traffic":1}]}""", "variants" },
        { """{"name":"bad name!","variants":[{"name":"a","traffic":0.5},{"name":"b","traffic":0.5}]}""", "name" },
        { """{"name":"api-400","variants":[{"name":"a","traffic":0.5},{"name":"b","traffic":0.5}],"baselineRate":1.2}""", "baselineRate" },
        { """{"name":"api-400","variants":[{"name":"a","traffic":0.5},{"name":"b","traffic":0.5}],"primaryOutcome":"revenue"}""", "primaryOutcome" },
        { """{"name":"api-400","variants":[{"name":"a","traffic":0.5},{"name":"b","traffic":0.5}],"startsAt":"2030-01-01T00:00:00Z","endsAt":"2029-01-01T00:00:00Z"}""", "endsAt" },
        { """{"name":"api-400","variants":[{"name":"a","traffic":0.5},""", "variants[1]" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_experiment_is_a_400_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        var response = await host.Http.PostAsync("/v1/experiments", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json(response);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/v1/experiments/api-400")).StatusCode);
    }

    [Fact]
    public async Task A_second_experiment_of_the_same_name_is_a_409_naming_the_field()
    {
        var first = await host.Http.PostAsJsonAsync("/v1/experiments", Body("api-409", Variant("a", 0.5), Variant("b", 0.5)));
        await host.Http.PostAsync("/v1/experiments/api-409/stop", null);
        var second = await host.Http.PostAsJsonAsync("/v1/experiments", Body("api-409", Variant("x", 0.3), Variant("y", 0.7)));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.True((await Json(second)).GetProperty("errors").TryGetProperty("name", out _));
        var kept = await Json(await host.Http.GetAsync("/v1/experiments/api-409"));
        Assert.Equal("a", kept.GetProperty("variants")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_unknown_experiment_is_a_404_problem_for_get_results_and_stop()
    {
        var get = await host.Http.GetAsync("/v1/experiments/never-created");
        var results = await host.Http.GetAsync("/v1/experiments/never-created/results");
        var stop = await host.Http.PostAsync("/v1/experiments/never-created/stop", null);

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("application/problem+json", get.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, results.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, stop.StatusCode);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_experiment_endpoints()
    {
        var document = await host.Http.GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/v1/experiments\"", document);
        Assert.Contains("\"/v1/experiments/{name}/results\"", document);
        Assert.Contains("\"/v1/experiments/{name}/stop\"", document);
        Assert.Contains("CreateExperimentRequest", document);
    }
}
