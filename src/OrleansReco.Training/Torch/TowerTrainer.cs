using System.Diagnostics;
using OrleansReco.Learning;
using OrleansReco.Learning.Towers;
using OrleansReco.Training.Data;
using OrleansReco.Training.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansReco.Training.Torch;

/// <summary>
/// Trains the cold-start towers against a fixed item space (hybrid or iALS vectors; only the rows of items seen in
/// training count). Both towers minimise a weighted sum of
/// <list type="bullet">
/// <item>a ranking term: cross-entropy of the training item against the trained vectors of uniformly sampled items
/// (shared per batch; all trained items when <see cref="TowerOptions.Negatives"/> is 0), with a learned softmax
/// temperature (for the content tower, "leave-one-cold": the positive item is scored by its content vector while
/// every other item keeps its trained vector, exactly the situation of a new item at serving time);</item>
/// <item>a regression term: squared error to the item's trained vector / the user's trained vector, relative to the
/// mean squared norm of those vectors, which pins the output scale to that of the space.</item>
/// </list>
/// </summary>
internal sealed class TowerTrainer(TowerOptions options, ulong seed, int threads, ProgressLog log)
{
    /// <summary>
    /// Trains the content tower on (user, item) training pairs of items with a trained vector. The ranking term weighs a
    /// pair by 1 / (trained items sharing the item's exact content features), so a content class counts like one typical
    /// item of the class rather than their sum (unweighted, a class vector learns the class's whole popularity and then
    /// outranks every trained item); the regression term weighs every trained item equally.
    /// </summary>
    public ContentTower TrainContent(ContentFeatureEncoder encoder, float[] itemFeatures, ItemVectors items, bool[] trainedItems,
        float[]? userVectors, bool[]? trainedUsers, Interaction[] train, CancellationToken cancellationToken)
    {
        using var space = new Space(items, trainedItems, userVectors);
        var ranking = userVectors is not null && options.ContentRankingWeight > 0;
        var regressionWeight = ranking ? options.ContentRegressionWeight : Math.Max(options.ContentRegressionWeight, 1f);
        var pairs = train.Where(e => trainedItems[e.Item] && (!ranking || trainedUsers is null || trainedUsers[e.User])).ToArray();
        var f = encoder.FeatureCount;
        var classSize = new Dictionary<string, int>(StringComparer.Ordinal);
        var classOf = new string[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (trainedItems[i])
            {
                classOf[i] = string.Join(',', itemFeatures.AsSpan(i * f, f).ToArray());
                classSize[classOf[i]] = classSize.GetValueOrDefault(classOf[i]) + 1;
            }
        }

        var degree = new int[items.Count];
        foreach (var e in pairs)
        {
            degree[e.Item]++;
        }

        var rankWeights = Normalized(pairs.Select(e => 1f / classSize[classOf[e.Item]]));
        var regressionWeights = Normalized(pairs.Select(e => 1f / degree[e.Item]));
        using var features = TorchData.Matrix(itemFeatures, items.Count, f);
        var tower = Train("content tower", f, space, pairs, rankWeights, regressionWeights, ranking, (batch, towerModule, logTemperature) =>
        {
            var c = towerModule.call(features.index_select(0, batch.Items));
            var loss = torch.tensor(0f);
            if (ranking)
            {
                // Leave-one-cold: the positive is scored by its content vector, every other item by its trained vector.
                var u = space.Users!.index_select(0, batch.Users);
                loss += options.ContentRankingWeight * (Ranking(space, u, (u * c).sum(1, keepdim: true), batch, logTemperature) * batch.RankWeights).mean();
            }

            if (regressionWeight > 0)
            {
                var target = space.TrainedItems.index_select(0, batch.Positions);
                loss += regressionWeight * ((c - target).pow(2).sum(1) * batch.RegressionWeights).mean() / space.ItemMeanSquare;
            }

            return loss;
        }, cancellationToken);
        return new ContentTower(encoder, tower);
    }

    /// <summary>
    /// Trains the demographic user tower on (user, item) training pairs of users and items with trained vectors (each
    /// user's first <see cref="TowerOptions.UserFirstEvents"/> only, when set); the regression term weighs users equally.
    /// </summary>
    public ColdStartTower TrainUser(UserFeatureEncoder encoder, float[] userFeatures, int userCount, ItemVectors items, bool[] trainedItems,
        float[]? userVectors, bool[] trainedUsers, Interaction[] train, CancellationToken cancellationToken)
    {
        using var space = new Space(items, trainedItems, userVectors);
        var taken = new int[userCount];
        var pairs = train.Where(e => trainedItems[e.Item] && trainedUsers[e.User]
            && (options.UserFirstEvents == 0 || taken[e.User]++ < options.UserFirstEvents)).ToArray();
        var perUser = new int[userCount];
        foreach (var e in pairs)
        {
            perUser[e.User]++;
        }

        var regression = userVectors is not null && options.UserRegressionWeight > 0;
        var ranking = options.UserRankingWeight > 0 || !regression;
        var rankWeights = Normalized(pairs.Select(_ => 1f));
        var regressionWeights = Normalized(pairs.Select(e => 1f / perUser[e.User]));
        using var features = TorchData.Matrix(userFeatures, userCount, encoder.FeatureCount);
        var tower = Train("user tower", encoder.FeatureCount, space, pairs, rankWeights, regressionWeights, ranking, (batch, towerModule, logTemperature) =>
        {
            var t = towerModule.call(features.index_select(0, batch.Users));
            var loss = torch.tensor(0f);
            if (ranking)
            {
                var positive = (t * space.TrainedItems.index_select(0, batch.Positions)).sum(1, keepdim: true);
                loss += Math.Max(options.UserRankingWeight, regression ? 0 : 1) * Ranking(space, t, positive, batch, logTemperature).mean();
            }

            if (regression)
            {
                var target = space.Users!.index_select(0, batch.Users);
                loss += options.UserRegressionWeight * ((t - target).pow(2).sum(1) * batch.RegressionWeights).mean() / space.UserMeanSquare;
            }

            return loss;
        }, cancellationToken, options.UserOutputScale);
        return new ColdStartTower(encoder, tower);
    }

    private static float[] Normalized(IEnumerable<float> weights)
    {
        var values = weights.ToArray();
        var mean = values.Length == 0 ? 1 : values.Average();
        for (var k = 0; k < values.Length; k++)
        {
            values[k] /= mean;
        }

        return values;
    }

    /// <summary>
    /// Per-pair cross-entropy [B] of the positive score [B, 1] against the scores of the batch's shared negatives
    /// (trained vectors; a negative equal to the row's positive is masked), or against every trained item when negatives
    /// are off.
    /// </summary>
    private static Tensor Ranking(Space space, Tensor query, Tensor positiveScore, Batch batch, Tensor logTemperature)
    {
        var scale = (-logTemperature).exp();
        if (batch.Negatives is null)
        {
            var all = query.matmul(space.TrainedItems.t()).scatter(1, batch.Positions.unsqueeze(1), positiveScore);
            return nn.functional.cross_entropy(all * scale, batch.Positions, reduction: nn.Reduction.None);
        }

        // Mask after scaling: −∞ · ∂scale would turn the temperature's gradient into NaN.
        var negativeLogits = query.matmul(space.TrainedItems.index_select(0, batch.Negatives).t()) * scale;
        var collision = batch.Positions.unsqueeze(1).eq(batch.Negatives.unsqueeze(0));
        var logits = torch.cat([positiveScore * scale, negativeLogits.masked_fill(collision, double.NegativeInfinity)], 1);
        return nn.functional.cross_entropy(logits, torch.zeros(logits.shape[0], ScalarType.Int64), reduction: nn.Reduction.None);
    }

    private DenseTower Train(string name, int inputs, Space space, Interaction[] pairs, float[] rankWeights, float[] regressionWeights, bool ranking,
        Func<Batch, FeatureTower, Tensor, Tensor> lossOf, CancellationToken cancellationToken, float outputScale = 1f)
    {
        TorchData.Seed(seed, threads);
        var random = new DeterministicRandom(seed ^ 0x9E3779B97F4A7C15UL);
        using var tower = new FeatureTower(inputs, options.Hidden, space.Dimensions, options.Activation);
        using var logTemperature = nn.Parameter(torch.tensor(new[] { (float)Math.Log(space.ScoreScale) }), requires_grad: ranking);
        var parameters = tower.parameters().ToList();
        if (ranking)
        {
            parameters.Add(logTemperature);
        }

        using var optimizer = torch.optim.Adam(parameters, options.LearningRate);
        var order = Enumerable.Range(0, pairs.Length).ToArray();
        var users = pairs.Select(e => e.User).ToArray();
        var items = pairs.Select(e => e.Item).ToArray();
        var positions = pairs.Select(e => space.Position[e.Item]).ToArray();
        var sampled = options.Negatives > 0 && options.Negatives < space.Count;
        var negatives = new int[sampled ? options.Negatives : 0];
        for (var epoch = 1; epoch <= options.Epochs && pairs.Length > 0; epoch++)
        {
            var clock = Stopwatch.StartNew();
            TorchData.Shuffle(order, ref random);
            double lossSum = 0;
            var batches = 0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = torch.NewDisposeScope();
                var count = Math.Min(options.BatchSize, order.Length - start);
                for (var n = 0; n < negatives.Length; n++)
                {
                    negatives[n] = random.NextInt(space.Count);
                }

                var batch = new Batch(TorchData.Indices(users, order, start, count), TorchData.Indices(items, order, start, count),
                    TorchData.Indices(positions, order, start, count), sampled ? TorchData.Indices(negatives) : null,
                    TorchData.Gather(rankWeights, order, start, count), TorchData.Gather(regressionWeights, order, start, count));
                var loss = lossOf(batch, tower, logTemperature);
                var decay = tower.parameters().Select(p => p.pow(2).sum()).Aggregate((a, b) => a + b) * options.WeightDecay;
                optimizer.zero_grad();
                (loss + decay).backward();
                optimizer.step();
                lossSum += loss.item<float>();
                batches++;
            }

            log.Info($"{name} epoch {epoch}/{options.Epochs}: loss {lossSum / Math.Max(1, batches):F4}, τ {Math.Exp(logTemperature.item<float>()):G3} ({clock.Elapsed.TotalSeconds:F1}s)");
        }

        return tower.Export(outputScale);
    }

    private sealed record Batch(Tensor Users, Tensor Items, Tensor Positions, Tensor? Negatives, Tensor RankWeights, Tensor RegressionWeights);

    /// <summary>The fixed vectors of the trained items (and users) as tensors, with scales for the loss terms.</summary>
    private sealed class Space : IDisposable
    {
        public Space(ItemVectors items, bool[] trainedItems, float[]? userVectors)
        {
            Dimensions = items.Dimensions;
            Position = new int[items.Count];
            var rows = new List<float>();
            var count = 0;
            for (var i = 0; i < items.Count; i++)
            {
                Position[i] = trainedItems[i] ? count++ : -1;
                if (trainedItems[i])
                {
                    rows.AddRange(items[i].ToArray());
                }
            }

            var trained = rows.ToArray();
            Count = count;
            TrainedItems = TorchData.Matrix(trained, count, Dimensions).DetachFromDisposeScope();
            ItemMeanSquare = MeanSquare(trained, count);
            if (userVectors is not null)
            {
                var users = userVectors.Length / Dimensions;
                Users = TorchData.Matrix(userVectors, users, Dimensions).DetachFromDisposeScope();
                UserMeanSquare = MeanSquare(userVectors, users);
                ScoreScale = SampleScoreScale(userVectors, users, trained, count);
            }
        }

        public int Dimensions { get; }

        /// <summary>Number of trained items (rows of <see cref="TrainedItems"/>).</summary>
        public int Count { get; }

        /// <summary>Row of each item in <see cref="TrainedItems"/>, −1 when untrained.</summary>
        public int[] Position { get; }

        public Tensor TrainedItems { get; }

        public Tensor? Users { get; }

        public double ItemMeanSquare { get; } = 1;

        public double UserMeanSquare { get; } = 1;

        /// <summary>Standard deviation of user · item scores on a sample: the initial softmax temperature.</summary>
        public double ScoreScale { get; } = 1;

        public void Dispose()
        {
            TrainedItems.Dispose();
            Users?.Dispose();
        }

        private double MeanSquare(float[] rows, int count)
        {
            double sum = 0;
            for (var r = 0; r < count; r++)
            {
                var row = rows.AsSpan(r * Dimensions, Dimensions);
                sum += System.Numerics.Tensors.TensorPrimitives.Dot(row, row);
            }

            return count == 0 || sum <= 0 ? 1 : sum / count;
        }

        private double SampleScoreScale(float[] users, int userCount, float[] items, int itemCount)
        {
            double sum = 0, sumSquares = 0;
            var n = 0;
            for (var u = 0; u < userCount; u += Math.Max(1, userCount / 200))
            {
                for (var i = 0; i < itemCount; i += Math.Max(1, itemCount / 200))
                {
                    double s = System.Numerics.Tensors.TensorPrimitives.Dot(users.AsSpan(u * Dimensions, Dimensions), items.AsSpan(i * Dimensions, Dimensions));
                    sum += s;
                    sumSquares += s * s;
                    n++;
                }
            }

            var variance = n == 0 ? 0 : (sumSquares / n) - ((sum / n) * (sum / n));
            return variance > 1e-12 ? Math.Sqrt(variance) : 1;
        }
    }
}
