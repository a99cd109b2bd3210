using System.Diagnostics;
using OrleansReco.Abstractions;
using OrleansReco.Learning;
using OrleansReco.Learning.Model;
using OrleansReco.Training.Models;

namespace OrleansReco.Training.Streaming.Grains;

/// <summary>
/// <c>OrleansReco-streaming</c>: iALS item vectors fitted on the warm-up are shipped as a model file to a real
/// in-process silo; the warm-up events, then the test events, are sent one at a time to real <c>UserGrain</c>s,
/// and every ranking comes from <c>UserGrain.RecommendAsync</c>. Items absent from the warm-up are not in the
/// catalog, so events on them cannot be learned from and are skipped.
/// </summary>
public sealed class GrainStreamingRecommender(IalsOptions ials, OnlineLearnerOptions learner, ProgressLog log) : IStreamingRecommender, IAsyncDisposable
{
    private readonly ReplayClock _clock = new();
    private readonly string _modelPath = Path.Combine(Path.GetTempPath(), $"orleansreco-eval-{Guid.NewGuid():N}.orm");
    private readonly Dictionary<string, int> _itemIndex = new(StringComparer.Ordinal);
    private EvaluationCluster? _cluster;
    private StreamingContext? _context;
    private bool[] _inCatalog = [];

    /// <inheritdoc />
    public string Name => "OrleansReco-streaming";

    /// <summary>Events the grains learned from during the warm-up replay, per second.</summary>
    public double WarmUpEventsPerSecond { get; private set; }

    /// <inheritdoc />
    public async ValueTask WarmUpAsync(StreamingContext context, CancellationToken cancellationToken)
    {
        _context = context;
        var start = IalsWarmStart.Fit(context, ials, Name, log);
        ItemModelFile.Write(_modelPath, CatalogOf(context, start.Items, start.Rankable));
        _cluster = await EvaluationCluster.StartAsync(_modelPath, learner, _clock, cancellationToken).ConfigureAwait(false);
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
        var grain = Cluster.Grains.GetGrain<IUserGrain>(Context.Dataset.UserIds[user]);
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
        var result = await Cluster.Grains.GetGrain<IUserGrain>(Context.Dataset.UserIds[user])
            .RecordInteractionsAsync([new Interaction(Context.Dataset.Items[item].Id, InteractionType.Click, Timestamp: at)]).ConfigureAwait(false);
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

    private EvaluationCluster Cluster => _cluster ?? throw new InvalidOperationException("Not warmed up.");

    private StreamingContext Context => _context ?? throw new InvalidOperationException("Not warmed up.");

    private ItemModel CatalogOf(StreamingContext context, ItemVectors vectors, bool[] rankable)
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

        return new ItemModel(1, d, entries, [.. data]);
    }
}
