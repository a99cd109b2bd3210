using System.Net;
using System.Net.Http.Json;
using System.Text;
using OrleansReco.Learning;

namespace OrleansReco.Silo.Tests;

/// <summary>A second embedded host with rate limits out of the way, so every fuzzed request reaches the endpoints.</summary>
public sealed class FuzzHostFixture : IAsyncLifetime
{
    private readonly EmbeddedHostFixture _host = new(new Dictionary<string, string>
    {
        ["OrleansReco:Gateway:PermitsPerSecond"] = "1000000",
        ["OrleansReco:Gateway:Burst"] = "1000000",
    });

    public EmbeddedHostFixture Host => _host;

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();
}

/// <summary>
/// 10,000 seeded random and mutated requests at the running gateway: no answer is a 5xx, the host stays up, and a control
/// user that no request names keeps its state bit for bit.
/// </summary>
public sealed class GatewayFuzzTests(FuzzHostFixture fixture) : IClassFixture<FuzzHostFixture>
{
    private const string ControlUser = "fuzz-control";

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH"];

    private static readonly string[] Paths =
    [
        "/v1/users/{u}/interactions", "/v1/users/{u}/recommendations", "/v1/users/{u}", "/v1/users/{u}/demographics", "/v1/users/{u}/export",
        "/v1/items", "/v1/items/{i}", "/v1/items/{i}/similar", "/v1/items/import", "/v1/model", "/health", "/health/live", "/metrics",
        "/v1/users/{u}/interactions/extra", "/v1/", "/", "/openapi/v1.json", "/v1/users/", "/v1/items/{i}/similar/{i}", "/v1/interactions",
    ];

    private static readonly string[] Queries =
    [
        "", "?k=10", "?k=0", "?k=-1", "?k=501", "?k=ten", "?k=99999999999999999999", "?hour=25", "?hour=-3", "?categories=Horror,,",
        "?excludeCategories=%00", "?device=" + new string('x', 5000), "?search=" + new string('%', 300), "?limit=0", "?offset=-5",
        "?limit=200&offset=2147483647", "?diversify=maybe", "?explore=1", "?excludeItems=item-1,item-2,", "?k=5&k=6",
    ];

    private static readonly string[] ValidBodies =
    [
        """{"interactions":[{"itemId":"item-4","type":"like"},{"itemId":"item-16","type":"rating","value":4.5}]}""",
        """{"interactions":[{"itemId":"item-7","type":"click","timestamp":"2026-01-01T00:00:00Z"}]}""",
        """{"age":34,"gender":"F","occupation":"engineer","zipCode":"94110"}""",
        """{"items":[{"id":"item-5","title":"Horror #1","categories":["Horror"]}]}""",
        """{"id":"item-5","title":"Horror #1","categories":["Horror"]}""",
        """{"userId":"fuzz-user-1","itemId":"item-9","type":"like","context":{"device":"tv","locale":"fr-FR","localHour":21}}""",
        """{"interactions":[{"itemId":"item-2","context":{"device":"mobile"}}]}""",
    ];

    [Fact]
    public async Task Ten_thousand_random_requests_give_no_5xx_and_leave_a_control_user_unchanged()
    {
        var http = fixture.Host.Http;
        await http.PostAsJsonAsync($"/v1/users/{ControlUser}/interactions", new { interactions = new[] { new { itemId = "item-3", type = "like" }, new { itemId = "item-15", type = "click" } } });
        var before = await http.GetStringAsync($"/v1/users/{ControlUser}/export");
        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 10_000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, cancellation) =>
        {
            var random = new DeterministicRandom(1_000_003UL * (ulong)n + 17);
            using var request = Request(ref random);
            var description = $"{request.Method} {request.RequestUri}";
            using var response = await http.SendAsync(request, cancellation);
            lock (statuses)
            {
                statuses[(int)response.StatusCode] = statuses.GetValueOrDefault((int)response.StatusCode) + 1;
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{(int)response.StatusCode} for {description}");
                }
            }
        });

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/live")).StatusCode);
        Assert.Equal(before, await http.GetStringAsync($"/v1/users/{ControlUser}/export"));
        Assert.True(statuses.Keys.Count(s => s is >= 200 and < 300) > 0 && statuses.Keys.Count(s => s is >= 400 and < 500) > 2,
            "the fuzz should reach both successes and several kinds of client errors: " + string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key} × {p.Value}")));
    }

    private HttpRequestMessage Request(ref DeterministicRandom random)
    {
        var path = Paths[random.NextInt(Paths.Length)].Replace("{u}", Id(ref random, "fuzz-user"), StringComparison.Ordinal)
            .Replace("{i}", Id(ref random, "item-"), StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(Methods[random.NextInt(Methods.Length)]), path + Queries[random.NextInt(Queries.Length)]);
        var keyRoll = random.NextInt(10);
        var key = keyRoll < 6 ? EmbeddedHostFixture.WriteKey : keyRoll < 8 ? EmbeddedHostFixture.ReadKey : keyRoll < 9 ? "wrong-key" : null;
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Api-Key", key);
        }

        if (random.NextInt(8) == 0)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", random.NextInt(3) == 0 ? new string('k', 200) : $"key-{random.NextInt(50)}");
        }

        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Delete)
        {
            var body = Body(ref random);
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", random.NextInt(5) == 0 ? "text/plain" : "application/json");
        }

        return request;
    }

    /// <summary>Ids that hit real users and items, odd characters, and very long ones; never the control user.</summary>
    private static string Id(ref DeterministicRandom random, string prefix) => random.NextInt(8) switch
    {
        0 => "",
        1 => Uri.EscapeDataString(new string('u', 300)),
        2 => Uri.EscapeDataString("ü/..\\%00 ' \" <x>"),
        3 => "%2e%2e%2f",
        _ => prefix + random.NextInt(40),
    };

    private static byte[] Body(ref DeterministicRandom random)
    {
        var body = Encoding.UTF8.GetBytes(ValidBodies[random.NextInt(ValidBodies.Length)]);
        switch (random.NextInt(6))
        {
            case 0:
                return body; // valid
            case 1:
                return body[..random.NextInt(body.Length)]; // truncated
            case 2:
                for (var flips = 1 + random.NextInt(4); flips > 0; flips--)
                {
                    body[random.NextInt(body.Length)] = (byte)random.NextInt(256); // corrupted bytes
                }

                return body;
            case 3:
                return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body)
                    .Replace("4.5", random.NextInt(2) == 0 ? "1e309" : "\"NaN\"", StringComparison.Ordinal)
                    .Replace("\"like\"", random.NextInt(2) == 0 ? "42" : "\"teleport\"", StringComparison.Ordinal)
                    .Replace("34", "-34", StringComparison.Ordinal)); // wrong types and values
            case 4:
                var junk = new byte[random.NextInt(2048)];
                for (var i = 0; i < junk.Length; i++)
                {
                    junk[i] = (byte)random.NextInt(256);
                }

                return junk;
            default:
                return Encoding.UTF8.GetBytes(new string('[', 2000) + new string(']', 2000)); // deep nesting
        }
    }
}
