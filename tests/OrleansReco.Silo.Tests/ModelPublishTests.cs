using System.Net;
using System.Text.Json;
using OrleansReco.Learning.Model;

namespace OrleansReco.Silo.Tests;

/// <summary>Publishing models over HTTP on a host of its own (each publish replaces the catalog it serves).</summary>
public sealed class ModelPublishTests : IAsyncLifetime
{
    private readonly string _models = Path.Combine(Path.GetTempPath(), $"orleansreco-publish-{Guid.NewGuid():N}");
    private readonly EmbeddedHostFixture _host;

    public ModelPublishTests() => _host = new EmbeddedHostFixture(new Dictionary<string, string>
    {
        ["OrleansReco:Catalog:DemoItems"] = "200",
        ["OrleansReco:Catalog:Dimensions"] = "8",
        ["OrleansReco:Catalog:ModelDirectory"] = _models,
    });

    public Task InitializeAsync() => _host.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        if (Directory.Exists(_models))
        {
            Directory.Delete(_models, recursive: true);
        }
    }

    [Fact]
    public async Task A_model_sharing_too_few_items_is_published_unaligned_and_align_false_skips_alignment_saying_so()
    {
        var tooFew = await _host.Http.PostAsync("/v1/model", new ByteArrayContent(ModelFile(version: 2, sharedItems: 3, newItems: 20)));
        var skipped = await _host.Http.PostAsync("/v1/model?align=false", new ByteArrayContent(ModelFile(version: 3, sharedItems: 23, newItems: 0)));
        var served = await Json(await _host.Http.GetAsync("/v1/model"));

        Assert.Equal(HttpStatusCode.OK, tooFew.StatusCode);
        var refused = (await Json(tooFew)).GetProperty("alignment");
        Assert.True(refused.GetProperty("requested").GetBoolean());
        Assert.False(refused.GetProperty("aligned").GetBoolean());
        Assert.Equal(3, refused.GetProperty("sharedItems").GetInt32());
        Assert.Equal(100, refused.GetProperty("minimumSharedItems").GetInt32());
        Assert.Contains("needs at least 100", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, skipped.StatusCode);
        var notRequested = (await Json(skipped)).GetProperty("alignment");
        Assert.False(notRequested.GetProperty("requested").GetBoolean());
        Assert.False(notRequested.GetProperty("aligned").GetBoolean());
        Assert.Equal(2, notRequested.GetProperty("previousModelVersion").GetInt64());
        Assert.Equal(3, served.GetProperty("modelVersion").GetInt64());
        Assert.False(served.GetProperty("alignment").GetProperty("requested").GetBoolean());
    }

    [Fact]
    public async Task An_aligned_publish_of_a_rotated_catalog_reports_the_shared_items_and_an_exact_fit()
    {
        var response = await _host.Http.PostAsync("/v1/model?align=true", new ByteArrayContent(ModelFile(version: 5, sharedItems: 150, newItems: 5, rotatedDemo: true)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var alignment = (await Json(response)).GetProperty("alignment");
        Assert.True(alignment.GetProperty("aligned").GetBoolean());
        Assert.Equal(150, alignment.GetProperty("sharedItems").GetInt32());
        Assert.Equal(1, alignment.GetProperty("previousModelVersion").GetInt64());
        Assert.InRange(alignment.GetProperty("relativeResidual").GetSingle(), 0f, 1e-4f);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    /// <summary>
    /// A model of d = 8 holding demo items item-1 … item-<paramref name="sharedItems"/> and some new ones: seeded random
    /// vectors, or the served demo vectors with their components reversed and every other one negated (a rotation).
    /// </summary>
    private static byte[] ModelFile(long version, int sharedItems, int newItems, bool rotatedDemo = false)
    {
        const int d = 8;
        var random = new OrleansReco.Learning.DeterministicRandom((ulong)version);
        var entries = new List<ItemModelEntry>();
        for (var i = 1; i <= sharedItems; i++)
        {
            entries.Add(new ItemModelEntry($"item-{i}", $"Item {i}", ["Drama"]));
        }

        for (var i = 0; i < newItems; i++)
        {
            entries.Add(new ItemModelEntry($"fresh-{version}-{i}", "Fresh", ["Drama"]));
        }

        var vectors = new float[entries.Count * d];
        for (var i = 0; i < vectors.Length; i++)
        {
            vectors[i] = random.NextGaussian();
        }

        if (rotatedDemo)
        {
            var demo = OrleansReco.Grains.Catalog.DemoCatalog.Generate(new OrleansReco.Grains.Catalog.CatalogOptions { DemoItems = 200, Dimensions = d });
            for (var i = 0; i < sharedItems; i++)
            {
                for (var j = 0; j < d; j++)
                {
                    vectors[(i * d) + j] = (j % 2 == 0 ? -1 : 1) * demo.Vectors[(i * d) + (d - 1 - j)];
                }
            }
        }

        using var stream = new MemoryStream();
        ItemModelFile.Write(stream, new ItemModel(version, d, entries, vectors));
        return stream.ToArray();
    }
}
