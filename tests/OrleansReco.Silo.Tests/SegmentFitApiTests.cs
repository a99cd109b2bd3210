using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OrleansReco.Silo.Tests;

[Collection(SegmentsHostCollection.Name)]
public sealed class SegmentFitApiTests(SegmentsHostFixture host)
{
    private HttpClient Http => host.Http;

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    private async Task RecordAsync(string user, params string[] items) =>
        (await Http.PostAsJsonAsync($"/v1/users/{user}/interactions", new { interactions = items.Select(i => new { itemId = i, type = "like" }) })).EnsureSuccessStatusCode();

    [Fact]
    public async Task Fitting_needs_an_admin_key_and_a_valid_K_range()
    {
        using var anonymous = host.Client(null);
        using var reader = host.Client(EmbeddedHostFixture.ReadKey);
        var before = await Json(await Http.GetAsync("/v1/segments/fit"));

        var unauthenticated = await anonymous.PostAsync("/v1/segments/fit", null);
        var forbidden = await reader.PostAsync("/v1/segments/fit", null);
        var notANumber = await Http.PostAsync("/v1/segments/fit?minK=two", null);
        var reversed = await Http.PostAsync("/v1/segments/fit?minK=6&maxK=3", null);
        var tooSmall = await Http.PostAsync("/v1/segments/fit?minK=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.True((await Json(notANumber)).GetProperty("errors").TryGetProperty("minK", out _));
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.True((await Json(reversed)).GetProperty("errors").TryGetProperty("maxK", out _));
        Assert.Equal(HttpStatusCode.BadRequest, tooSmall.StatusCode);
        Assert.Equal(before.GetProperty("generation").GetInt64(), (await Json(await Http.GetAsync("/v1/segments/fit"))).GetProperty("generation").GetInt64());
    }

    [Fact]
    public async Task A_fit_with_too_few_sampled_users_is_a_409_changing_nothing_and_with_enough_it_reports_every_K_and_re_seeds()
    {
        var before = await Json(await Http.GetAsync("/v1/segments/fit"));
        var refused = await Http.PostAsync("/v1/segments/fit", null);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await Json(refused);
        Assert.Equal(10, problem.GetProperty("minimumUsers").GetInt32());
        Assert.True(problem.GetProperty("sampledUsers").GetInt32() < 10);
        Assert.Equal(before.GetProperty("generation").GetInt64(), (await Json(await Http.GetAsync("/v1/segments/fit"))).GetProperty("generation").GetInt64());

        HttpResponseMessage fit = refused;
        for (var attempt = 0; attempt < 100 && fit.StatusCode == HttpStatusCode.Conflict; attempt++)
        {
            if (attempt % 10 == 0)
            {
                // Two tastes (demo catalog: item n is in genre (n − 1) mod 12): Sci-Fi fans and Comedy fans. They report again
                // now and then: a batch recorded before the silo first read the segments is assigned to none and not sampled.
                for (var u = 0; u < 8; u++)
                {
                    var round = attempt / 10;
                    await RecordAsync($"fit-scifi-{u}", $"item-{4 + (12 * (u + round))}", $"item-{16 + (12 * (u + round))}");
                    await RecordAsync($"fit-comedy-{u}", $"item-{1 + (12 * (u + round))}", $"item-{13 + (12 * (u + round))}");
                }
            }

            await Task.Delay(200); // the silo flushes users' reports (with their sampled vectors) every 0.2 s
            fit = await Http.PostAsync("/v1/segments/fit?minK=2&maxK=4", null);
        }

        Assert.Equal(HttpStatusCode.OK, fit.StatusCode);
        var report = await Json(fit);
        Assert.True(report.GetProperty("applied").GetBoolean());
        Assert.Equal([2, 3, 4], report.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("k").GetInt32()));
        Assert.All(report.GetProperty("candidates").EnumerateArray(), c => Assert.True(c.GetProperty("inertia").GetDouble() >= 0));
        var k = report.GetProperty("k").GetInt32();
        Assert.Equal(before.GetProperty("generation").GetInt64() + 1, report.GetProperty("generation").GetInt64());
        Assert.Equal(k, (await Json(await Http.GetAsync("/v1/segments"))).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/v1/segments/{k}")).StatusCode);
    }

    [Fact]
    public async Task Drift_metrics_are_exported_per_segment_and_for_everyone()
    {
        using var anonymous = host.Client(null);
        await RecordAsync("metrics-user", "item-4", "item-16");

        var metrics = "";
        for (var attempt = 0; attempt < 50 && !metrics.Contains("orleansreco_drift_cosine_mean ", StringComparison.Ordinal); attempt++)
        {
            await Task.Delay(200); // the report reaches the segment within 0.2 s and every silo re-reads the segments every second
            if (attempt % 10 == 9)
            {
                await RecordAsync("metrics-user", "item-28"); // a report sent just as another test's fit re-seeded the segments is dropped
            }

            metrics = await anonymous.GetStringAsync("/metrics");
        }

        Assert.Matches("orleansreco_drift_cosine_count\\{segment=\"\\d+\"\\} \\d", metrics);
        Assert.Matches("orleansreco_segment_drift_cosine\\{segment=\"\\d+\"\\} [0-9.]+", metrics);
        Assert.Matches("orleansreco_drift_cosine_mean [0-9.]+", metrics);
    }
}
