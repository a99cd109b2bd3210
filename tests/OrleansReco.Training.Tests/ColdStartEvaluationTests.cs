using OrleansReco.Training.Data;
using OrleansReco.Training.Evaluation;

namespace OrleansReco.Training.Tests;

public sealed class ColdStartEvaluationTests
{
    /// <summary>
    /// Protocol P on ml-100k through real grains: the user tower (new users' demographics) must beat a popularity ranking
    /// on new users' first events, and items new since the warm-up (placed by the content tower) must get hits.
    /// </summary>
    [MovieLensFact]
    public async Task Grains_with_towers_beat_popularity_on_first_events_and_recommend_new_items()
    {
        var dataset = MovieLensLoader.Load(MovieLensFactAttribute.RequiredFolder);
        var settings = new EvaluationSettings { Models = new HashSet<string>(["MostPop", "OrleansReco-streaming"], StringComparer.OrdinalIgnoreCase) };

        var results = await new StreamingProtocolRunner(settings, ProgressLog.Silent).RunAsync(dataset);
        var coldStart = new EvaluationReport("ml-100k", [], results).ColdStart()!;

        Assert.Equal("tower", coldStart["better_initialisation"]);
        Assert.True((double)coldStart["tower_hr@10"] > 1.3 * (double)coldStart["popularity_hr@10"],
            $"first event: tower {coldStart["tower_hr@10"]}, popularity {coldStart["popularity_hr@10"]}");
        Assert.True((int)coldStart["new_item_events"] > 100);
        Assert.True((double)coldStart["new_item_hr@10"] > 0.02, $"new-item HR@10 {coldStart["new_item_hr@10"]}");
    }
}
