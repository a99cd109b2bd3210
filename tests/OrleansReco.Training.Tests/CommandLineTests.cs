using System.Globalization;
using System.Text;
using System.Text.Json;
using OrleansReco.Learning.Model;

namespace OrleansReco.Training.Tests;

public sealed class CommandLineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public CommandLineTests()
    {
        var ratings = new StringBuilder("userId,movieId,rating,timestamp\n");
        foreach (var e in SyntheticData.Clustered(users: 40, items: 30, clusters: 3, perUser: 8, seed: 21))
        {
            ratings.Append(CultureInfo.InvariantCulture, $"{e.User + 1},{(e.Item * 10) + 1},4.0,{1_000_000 + (e.Timestamp * 37 % 997)}\n");
        }

        _folder.Write("ratings.csv", ratings.ToString());
        var movies = new StringBuilder("movieId,title,genres\n");
        for (var i = 0; i < 30; i++)
        {
            movies.Append(CultureInfo.InvariantCulture, $"{(i * 10) + 1},\"Movie {i}, The\",Genre{i % 3}|Drama\n");
        }

        _folder.Write("movies.csv", movies.ToString());
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<(int Code, string Output, string Error)> Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Program.RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task EvaluateWritesTheTableAndJsonForEveryModel()
    {
        var json = Path.Combine(_folder.Path, "eval.json");

        var markdown = Path.Combine(_folder.Path, "audit.md");

        var (code, output, error) = await Run("evaluate", "--data", _folder.Path, "--quick", "--quiet", "--out", json, "--markdown", markdown);

        Assert.True(code == 0, error);
        Assert.Contains("Protocol S", output, StringComparison.Ordinal);
        Assert.Contains("Protocol P", output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = document.RootElement;
        Assert.Equal(Path.GetFileName(_folder.Path), root.GetProperty("dataset").GetString());
        foreach (var model in new[] { "MostPop", "ItemKNN", "EASE", "iALS", "BPR-MF", "OrleansReco-static" })
        {
            var metrics = root.GetProperty("static").GetProperty(model);
            foreach (var key in new[] { "recall@10", "recall@20", "ndcg@10", "ndcg@20", "mrr@20", "hr@20", "train_seconds" })
            {
                Assert.InRange(metrics.GetProperty(key).GetDouble(), 0, 1000);
            }
        }

        foreach (var model in new[] { "MostPop", "EASE-history", "OrleansReco-frozen-ials", "OrleansReco-online-ials", "OrleansReco-online-segment", "OrleansReco-streaming" })
        {
            var metrics = root.GetProperty("streaming").GetProperty(model);
            foreach (var key in new[] { "hr@10", "ndcg@10", "hr@10_warm_users" })
            {
                Assert.InRange(metrics.GetProperty(key).GetDouble(), 0, 1);
            }
        }

        var coldStart = root.GetProperty("cold_start");
        foreach (var key in new[] { "tower_hr@10", "popularity_hr@10", "new_item_hr@10" })
        {
            Assert.InRange(coldStart.GetProperty(key).GetDouble(), 0, 1);
        }

        Assert.True(coldStart.GetProperty("events").GetInt32() >= 0);
        Assert.True(coldStart.GetProperty("new_item_events").GetInt32() >= 0);
        Assert.Contains(coldStart.GetProperty("better_initialisation").GetString(), new[] { "tower", "popularity" });

        Assert.Contains("Segments of warm-up users: K = ", output, StringComparison.Ordinal);
        var segments = root.GetProperty("segments");
        var k = segments.GetProperty("k").GetInt32();
        Assert.InRange(k, 2, 10);
        Assert.InRange(segments.GetProperty("silhouette").GetDouble(), -1, 1);
        foreach (var key in new[] { "centroid_hr@10", "tower_hr@10", "popularity_hr@10" })
        {
            Assert.InRange(segments.GetProperty(key).GetDouble(), 0, 1);
        }

        Assert.Equal(coldStart.GetProperty("events").GetInt32(), segments.GetProperty("events").GetInt32());
        Assert.Equal(k, segments.GetProperty("sizes").GetArrayLength());
        var silhouettes = segments.GetProperty("silhouette_by_k").EnumerateObject().ToList();
        Assert.Contains(silhouettes, p => p.Name == k.ToString(CultureInfo.InvariantCulture));
        Assert.All(silhouettes, p => Assert.InRange(p.Value.GetDouble(), -1, 1));
        Assert.All(segments.GetProperty("inertia_by_k").EnumerateObject(), p => Assert.True(p.Value.GetDouble() >= 0));
        Assert.Equal(silhouettes.Count, segments.GetProperty("inertia_by_k").EnumerateObject().Count());

        var audit = root.GetProperty("audit");
        Assert.Equal(10, audit.GetProperty("k").GetInt32());
        AuditTests.AssertSaneAudit(audit.GetProperty("static"), ["MostPop", "ItemKNN", "EASE", "iALS", "BPR-MF", "OrleansReco-static"]);
        AuditTests.AssertSaneAudit(audit.GetProperty("streaming"),
            ["MostPop", "EASE-history", "OrleansReco-frozen-ials", "OrleansReco-online-ials", "OrleansReco-online-segment", "OrleansReco-streaming"]);
        Assert.Contains("### Audit: exposure share by popularity decile", output, StringComparison.Ordinal);
        Assert.Contains("| streaming | OrleansReco-streaming |", await File.ReadAllTextAsync(markdown), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateWithAModelFilterLeavesOutTheSegmentNumbersItDidNotRun()
    {
        var json = Path.Combine(_folder.Path, "eval.json");

        var (code, output, error) = await Run("evaluate", "--data", _folder.Path, "--quick", "--quiet", "--protocol", "p",
            "--models", "MostPop,OrleansReco-online-segment", "--out", json);
        Assert.True(code == 0, error);
        using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(json)))
        {
            var segments = document.RootElement.GetProperty("segments");
            Assert.InRange(segments.GetProperty("centroid_hr@10").GetDouble(), 0, 1);
            Assert.InRange(segments.GetProperty("popularity_hr@10").GetDouble(), 0, 1);
            Assert.False(segments.TryGetProperty("tower_hr@10", out _));
            Assert.Contains("vs MostPop", output, StringComparison.Ordinal);
        }

        (code, output, error) = await Run("evaluate", "--data", _folder.Path, "--quick", "--quiet", "--protocol", "p", "--models", "MostPop", "--out", json);
        Assert.True(code == 0, error);
        using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(json)))
        {
            Assert.False(document.RootElement.TryGetProperty("segments", out _));
            Assert.DoesNotContain("Segments of warm-up users", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ExportWritesAReadableModelFile()
    {
        var path = Path.Combine(_folder.Path, "model.orm");

        var (code, output, error) = await Run("export", "--data", _folder.Path, "--out", path, "--dim", "8", "--sweeps", "3", "--model-version", "42", "--quiet");

        Assert.True(code == 0, error);
        Assert.Contains("Wrote model v42", output, StringComparison.Ordinal);
        var model = ItemModelFile.Read(path);
        Assert.Equal(42, model.ModelVersion);
        Assert.Equal(8, model.Dimensions);
        Assert.Equal(30, model.Items.Count);
        Assert.Equal("Movie 0, The", model.Items[0].Title);
        Assert.Equal(["Genre0", "Drama"], model.Items[0].Categories);
        Assert.Equal("ials", model.Metadata["algorithm"]);
        Assert.Contains(model.Vectors, v => v != 0f);
        var towers = OrleansReco.Learning.Towers.TowerSet.TryLoad(model);
        Assert.NotNull(towers?.User);
        Assert.NotNull(towers?.Content);
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("export", "--data", ".")]
    [InlineData("evaluate", "--bogus", "1", "--data", "DATA")]
    [InlineData("evaluate", "--protocol", "x", "--data", "DATA")]
    public async Task WrongUsageExitsWithTwoAndSaysWhy(params string[] args)
    {
        var (code, _, error) = await Run(args.Select(a => a == "DATA" ? _folder.Path : a).ToArray());

        Assert.Equal(2, code);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public async Task AMissingDataFolderExitsWithOne()
    {
        var (code, _, error) = await Run("evaluate", "--data", Path.Combine(_folder.Path, "missing"), "--quiet");

        Assert.Equal(1, code);
        Assert.Contains("does not exist", error, StringComparison.Ordinal);
    }
}
