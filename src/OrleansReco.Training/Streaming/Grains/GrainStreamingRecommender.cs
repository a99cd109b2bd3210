using System.Diagnostics;
using OrleansReco.Abstractions;
using OrleansReco.Learning;
using OrleansReco.Learning.Model;
using OrleansReco.Learning.Towers;
using OrleansReco.Training.Models;
using OrleansReco.Training.Torch;

namespace OrleansReco.Training.Streaming.Grains;

/// <summary>
/// <c>OrleansReco-streaming</c>: iALS item vectors fitted on the warm-up, and cold-start towers trained on them (with
/// <paramref name="towers"/>), are shipped as a model file to a real in-process silo. Items absent from the warm-up are
/// added at run time without vectors, so the catalog's content tower places them; users with demographics tell their
/// grain before their first event, so the user tower starts them. The warm-up events, then the test events, are sent one
/// at a time to real <c>UserGrain</c>s, and every ranking comes from <c>UserGrain.RecommendAsync</c>. Without towers,
/// items absent from the warm-up are not in the catalog and events on them are skipped.
/// </summary>
public sealed class GrainStreamingRecommender(IalsOptions ials, OnlineLearnerOptions learner, HybridOptions? towers, ProgressLog log)
    : IStreamingRecommender, IAsyncDisposable
{
    private readonly ReplayClock _clock = new();
    private readonly string _modelPath = Path.Combine(Path.GetTempPath(), $"orleansreco-eval-{Guid.NewGuid():N}.orm");
    private readonly Dictionary<string, int> _itemIndex = new(StringComparer.Ordinal);
    private EvaluationCluster? _cluster;
    private StreamingContext? _context;
    private bool[] _inCatalog = [];
    private bool[] _introduced = [];

    /// <inheritdoc />
    public string Name => "OrleansReco-streaming";

    /// <summary>Events the grains learned from during the warm-up replay, per second.</summary>
    public double WarmUpEventsPerSecond { get; private set; }

    /// <inheritdoc />
    public async ValueTask WarmUpAsync(StreamingContext context, CancellationToken cancellationToken)
    {
        _context = context;
        var start = IalsWarmStart.Fit(context, ials, Name, log);
        var towerSet = towers is null ? null
            : HybridTraining.TrainTowers(context.Dataset, context.WarmUp, start.Items, start.UserVectors, towers with { Dimensions = ials.Dimensions, Seed = ials.Seed }, log, cancellationToken);
        ItemModelFile.Write(_modelPath, CatalogOf(context, start.Items, start.Rankable, towerSet));
        _cluster = await EvaluationCluster.StartAsync(_modelPath, learner, _clock, cancellationToken).ConfigureAwait(false);
        _introduced = new bool[context.UserCount];
        if (towerSet?.Content is not null)
        {
            await AddNewItemsAsync(context, start.Rankable).ConfigureAwait(false);
        }

        var clock = Stopwatch.StartNew();
        for (var e = 0; e < context.WarmUp.Length; e++)
        {
            var interaction = context.WarmUp[e];
            await IngestAsync(interaction.User, interaction.Item, interaction.Timestamp, cancellationToken).ConfigureAwait(false);
            if ((e + 1) % 20_000 == 0)
            {
                log.Info($"{Name}: warm-up replay {e + 1}/{context.WarmUp.Length} events through UserGrains");
            }
        }

        WarmUpEventsPerSecond = context.WarmUp.Length / clock.Elapsed.TotalSeconds;
        log.Info($"{Name}: warm-up replayed at {WarmUpEventsPerSecond:F0} events/s");
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<int>> RankAsync(int user, int k, Func<int, bool> exclude, CancellationToken cancellationToken)
    {
        var grain = await IntroduceAsync(user).ConfigureAwait(false);
        var ranked = new List<int>(k);
        for (var request = Math.Min(k + 20, RecoLimits.MaxRecommendations); ; request = Math.Min(request * 4, RecoLimits.MaxRecommendations))
        {
            var result = await grain.RecommendAsync(new RecommendationRequest(request)).ConfigureAwait(false);
            ranked.Clear();
            foreach (var item in result.Items)
            {
                var index = _itemIndex[item.ItemId];
                if (!exclude(index) && ranked.Count < k)
                {
                    ranked.Add(index);
                }
            }

            if (ranked.Count == k || result.Items.Count < request || request == RecoLimits.MaxRecommendations)
            {
                return ranked;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask IngestAsync(int user, int item, long timestamp, CancellationToken cancellationToken)
    {
        if (!_inCatalog[item])
        {
            return;
        }

        _clock.Set(timestamp);
        var at = DateTimeOffset.FromUnixTimeSeconds(timestamp);
        var grain = await IntroduceAsync(user).ConfigureAwait(false);
        var result = await grain.RecordInteractionsAsync([new Interaction(Context.Dataset.Items[item].Id, InteractionType.Click, Timestamp: at)]).ConfigureAwait(false);
        if (!result.IsAccepted)
        {
            throw new InvalidOperationException($"The grain rejected a replayed event: {result.Errors[0].Field}: {result.Errors[0].Message}");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync().ConfigureAwait(false);
        }

        File.Delete(_modelPath);
    }

    /// <summary>The user's grain; on first contact it is told the user's demographics, as a sign-up form would.</summary>
    private async ValueTask<IUserGrain> IntroduceAsync(int user)
    {
        var grain = Cluster.Grains.GetGrain<IUserGrain>(Context.Dataset.UserIds[user]);
        if (towers is not null && !_introduced[user])
        {
            _introduced[user] = true;
            if (Context.Dataset.Users[user] is { } info)
            {
                await grain.SetDemographicsAsync(new UserDemographics(info.Age, info.Gender, info.Occupation, info.ZipCode)).ConfigureAwait(false);
            }
        }

        return grain;
    }

    /// <summary>Adds every item without a warm-up vector through the catalog grain, without a vector: the content tower places it.</summary>
    private async Task AddNewItemsAsync(StreamingContext context, bool[] trained)
    {
        var added = new List<CatalogItem>();
        for (var i = 0; i < context.ItemCount; i++)
        {
            if (!trained[i])
            {
                var info = context.Dataset.Items[i];
                added.Add(new CatalogItem(info.Id, info.Title, info.Categories));
                _itemIndex[info.Id] = i;
                _inCatalog[i] = true;
            }
        }

        var catalog = Cluster.Grains.GetGrain<ICatalogGrain>(0);
        for (var offset = 0; offset < added.Count; offset += CatalogItem.MaxBatchSize)
        {
            await catalog.UpsertItemsAsync(added.GetRange(offset, Math.Min(CatalogItem.MaxBatchSize, added.Count - offset))).ConfigureAwait(false);
        }

        log.Info($"{Name}: {added.Count} items new since the warm-up added to the catalog without vectors (content tower)");
    }

    private EvaluationCluster Cluster => _cluster ?? throw new InvalidOperationException("Not warmed up.");

    private StreamingContext Context => _context ?? throw new InvalidOperationException("Not warmed up.");

    private ItemModel CatalogOf(StreamingContext context, ItemVectors vectors, bool[] rankable, TowerSet? towerSet)
    {
        var d = vectors.Dimensions;
        var entries = new List<ItemModelEntry>();
        var data = new List<float>();
        _inCatalog = new bool[context.ItemCount];
        for (var i = 0; i < context.ItemCount; i++)
        {
            if (!rankable[i])
            {
                continue;
            }

            var info = context.Dataset.Items[i];
            entries.Add(new ItemModelEntry(info.Id, info.Title, info.Categories));
            data.AddRange(vectors[i]);
            _itemIndex[info.Id] = i;
            _inCatalog[i] = true;
        }

        var blobs = new Dictionary<string, TowerWeights>();
        var metadata = new Dictionary<string, string> { ["algorithm"] = "ials", ["evaluation"] = "protocol P warm-up" };
        towerSet?.Write(blobs, metadata);
        return new ItemModel(1, d, entries, [.. data], blobs, metadata);
    }
}
