using System.Diagnostics;
using OrleansReco.Learning;
using OrleansReco.Training.Data;
using OrleansReco.Training.Torch.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace OrleansReco.Training.Torch;

/// <summary>One epoch of the hybrid model: mean training loss and, when validated, Recall@20 on the held-out events.</summary>
public sealed record HybridEpoch(int Epoch, double Loss, double? ValidationRecall20, double Seconds);

/// <summary>The trained hybrid item space: vectors for every catalogue item and user, and how training went.</summary>
public sealed record HybridFit(
    float[] ItemVectors, float[] UserVectors, bool[] TrainedItems, bool[] TrainedUsers, int Dimensions,
    int BestEpoch, double BestValidationRecall20, IReadOnlyList<HybridEpoch> Validation, IReadOnlyList<HybridEpoch> Final, double Seconds);

/// <summary>
/// The training loop of <see cref="HybridModel"/>: Adam on BPR or sampled softmax with uniform negatives shared per batch,
/// early stopping on Recall@20 of a validation split cut by time from the training events, then (by default) a refit on
/// all training events for the best epoch count. Seeded: torch's generator and our shuffling/sampling.
/// </summary>
internal sealed class HybridTrainer(HybridOptions options, ProgressLog log)
{
    private const int RecallK = 20;

    /// <summary>Fits on <paramref name="train"/> over the data set's user and item index ranges.</summary>
    public HybridFit Fit(InteractionDataset dataset, Interaction[] train, float[] contentTable, int featureCount, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var validation = new List<HybridEpoch>();
        var bestEpoch = options.MaxEpochs;
        var bestRecall = double.NaN;
        Snapshot? best = null;
        var split = options.Validation == HybridValidation.GlobalTime
            ? Splits.GlobalTime(train, options.ValidationFraction)
            : Splits.PerUserTemporal(train, options.ValidationFraction);
        if (options.Patience > 0 && split.Train.Length > 0 && split.Test.Length > 0)
        {
            using var holdOut = new HoldOut(split.Train, split.Test, dataset.UserCount, dataset.ItemCount);
            (best, bestEpoch, bestRecall) = Run(dataset, split.Train, contentTable, featureCount, options.MaxEpochs, holdOut, validation, "validation", cancellationToken);
            log.Info($"hybrid: best validation Recall@{RecallK} {bestRecall:F4} at epoch {bestEpoch} ({holdOut.Users} validation users)");
        }

        var final = new List<HybridEpoch>();
        if (best is null || options.Refit)
        {
            (best, _, _) = Run(dataset, train, contentTable, featureCount, bestEpoch, holdOut: null, final, "refit", cancellationToken);
        }

        var trainedItems = new bool[dataset.ItemCount];
        var trainedUsers = new bool[dataset.UserCount];
        foreach (var e in train)
        {
            trainedItems[e.Item] = true;
            trainedUsers[e.User] = true;
        }

        Rescale(best.Items, best.Users, trainedItems);
        return new HybridFit(best.Items, best.Users, trainedItems, trainedUsers, options.Dimensions, bestEpoch, bestRecall, validation, final,
            clock.Elapsed.TotalSeconds);
    }

    private (Snapshot Best, int BestEpoch, double BestRecall) Run(InteractionDataset dataset, Interaction[] events, float[] contentTable, int featureCount,
        int epochs, HoldOut? holdOut, List<HybridEpoch> history, string phase, CancellationToken cancellationToken)
    {
        TorchData.Seed(options.Seed, options.Threads);
        var random = new DeterministicRandom(options.Seed ^ 0x5DEECE66DUL);
        using var model = new HybridModel(dataset.UserCount, dataset.ItemCount, contentTable, featureCount, options.Dimensions, options.InitScale);
        using var optimizer = torch.optim.Adam(model.parameters(), options.LearningRate);
        var users = events.Select(e => e.User).ToArray();
        var items = events.Select(e => e.Item).ToArray();
        var candidates = items.Distinct().Order().ToArray();
        var order = Enumerable.Range(0, events.Length).ToArray();
        var negatives = new int[Math.Min(options.Negatives, Math.Max(1, candidates.Length))];
        Snapshot? best = null;
        var bestEpoch = epochs;
        var bestRecall = double.NegativeInfinity;
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            TorchData.Shuffle(order, ref random);
            double lossSum = 0;
            var batches = 0;
            for (var start = 0; start < order.Length; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                for (var n = 0; n < negatives.Length; n++)
                {
                    negatives[n] = candidates[random.NextInt(candidates.Length)];
                }

                lossSum += Step(model, optimizer, users, items, order, start, Math.Min(options.BatchSize, order.Length - start), negatives);
                batches++;
            }

            var loss = lossSum / Math.Max(1, batches);
            double? recall = holdOut is null ? null : Recall(model, holdOut);
            history.Add(new HybridEpoch(epoch, loss, recall, clock.Elapsed.TotalSeconds));
            log.Info($"hybrid {phase} epoch {epoch}/{epochs}: loss {loss:F4}" + (recall is { } r ? $", validation Recall@{RecallK} {r:F4}" : string.Empty) +
                $" ({clock.Elapsed.TotalSeconds:F1}s)");
            if (holdOut is null)
            {
                continue;
            }

            if (recall > bestRecall)
            {
                bestRecall = recall.Value;
                bestEpoch = epoch;
                best = Snapshot.Of(model, dataset.UserCount, dataset.ItemCount);
            }
            else if (epoch - bestEpoch >= options.Patience)
            {
                break;
            }
        }

        return (best ?? Snapshot.Of(model, dataset.UserCount, dataset.ItemCount), bestEpoch, bestRecall);
    }

    /// <summary>One Adam step on a batch; returns the batch's ranking loss (without the L2 term).</summary>
    private double Step(HybridModel model, torch.optim.Optimizer optimizer, int[] users, int[] items, int[] order, int start, int count, int[] negatives)
    {
        using var scope = torch.NewDisposeScope();
        var userIndex = TorchData.Indices(users, order, start, count);
        var positiveIndex = TorchData.Indices(items, order, start, count);
        var negativeIndex = TorchData.Indices(negatives);
        var u = model.UserVectors(userIndex);
        var positive = model.ItemVectors(positiveIndex);
        var negative = model.ItemVectors(negativeIndex);
        var positiveScores = (u * positive).sum(1, keepdim: true);
        var negativeScores = u.matmul(negative.t());
        var collision = positiveIndex.unsqueeze(1).eq(negativeIndex.unsqueeze(0));
        Tensor loss;
        if (options.Loss == HybridLoss.SampledSoftmax)
        {
            var logits = torch.cat([positiveScores, negativeScores.masked_fill(collision, double.NegativeInfinity)], 1) / options.Temperature;
            loss = nn.functional.cross_entropy(logits, torch.zeros(count, ScalarType.Int64));
        }
        else
        {
            var valid = collision.logical_not();
            loss = nn.functional.softplus(negativeScores - positiveScores).masked_fill(collision, 0).sum() / valid.sum().clamp_min(1);
        }

        var l2 = options.Regularization * ((u.pow(2).sum() + positive.pow(2).sum()) / count + (negative.pow(2).sum() / negatives.Length));
        optimizer.zero_grad();
        (loss + l2).backward();
        optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Recall@20 of the held-out events over the items known to the fit part, excluding each user's fit items.</summary>
    private static double Recall(HybridModel model, HoldOut holdOut)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var u = model.UserVectors(TorchData.Indices(holdOut.UserIndex));
        var v = model.ItemVectors(torch.arange(holdOut.ItemCount, ScalarType.Int64));
        var scores = u.matmul(v.t()).masked_fill(holdOut.Mask, double.NegativeInfinity);
        var k = Math.Min(RecallK, holdOut.ItemCount);
        var (_, top) = scores.topk(k, dim: 1);
        var ranked = top.data<long>().ToArray();
        double sum = 0;
        for (var r = 0; r < holdOut.UserIndex.Length; r++)
        {
            var relevant = holdOut.Relevant[r];
            var hits = 0;
            for (var j = 0; j < k; j++)
            {
                hits += relevant.Contains((int)ranked[(r * k) + j]) ? 1 : 0;
            }

            sum += (double)hits / Math.Min(RecallK, relevant.Count);
        }

        return holdOut.UserIndex.Length == 0 ? 0 : sum / holdOut.UserIndex.Length;
    }

    /// <summary>Sets the RMS norm of the trained items to <see cref="HybridOptions.ItemNorm"/> (users scaled inversely).</summary>
    private void Rescale(float[] itemVectors, float[] userVectors, bool[] trainedItems)
    {
        if (options.ItemNorm <= 0)
        {
            return;
        }

        var d = options.Dimensions;
        double sum = 0;
        var count = 0;
        for (var i = 0; i < trainedItems.Length; i++)
        {
            if (trainedItems[i])
            {
                var row = itemVectors.AsSpan(i * d, d);
                sum += System.Numerics.Tensors.TensorPrimitives.Dot(row, row);
                count++;
            }
        }

        var rms = Math.Sqrt(sum / Math.Max(1, count));
        if (rms <= 0)
        {
            return;
        }

        var factor = (float)(options.ItemNorm / rms);
        System.Numerics.Tensors.TensorPrimitives.Multiply(itemVectors, factor, itemVectors);
        System.Numerics.Tensors.TensorPrimitives.Multiply(userVectors, 1f / factor, userVectors);
    }

    /// <summary>Item and user vectors copied out of the model.</summary>
    private sealed record Snapshot(float[] Items, float[] Users)
    {
        public static Snapshot Of(HybridModel model, int userCount, int itemCount)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            return new Snapshot(
                TorchData.ToArray(model.ItemVectors(torch.arange(itemCount, ScalarType.Int64))),
                TorchData.ToArray(model.UserVectors(torch.arange(userCount, ScalarType.Int64))));
        }
    }

    /// <summary>The validation users (with fit history and ≥ 1 held-out item known to the fit part) and their masks.</summary>
    private sealed class HoldOut : IDisposable
    {
        public HoldOut(Interaction[] fit, Interaction[] heldOut, int userCount, int itemCount)
        {
            ItemCount = itemCount;
            var known = new bool[itemCount];
            var history = new HashSet<int>?[userCount];
            foreach (var e in fit)
            {
                known[e.Item] = true;
                (history[e.User] ??= []).Add(e.Item);
            }

            var relevant = new SortedDictionary<int, HashSet<int>>();
            foreach (var e in heldOut)
            {
                if (history[e.User] is { } seen && known[e.Item] && !seen.Contains(e.Item))
                {
                    if (!relevant.TryGetValue(e.User, out var set))
                    {
                        relevant[e.User] = set = [];
                    }

                    set.Add(e.Item);
                }
            }

            UserIndex = [.. relevant.Keys];
            Relevant = [.. relevant.Values];
            var mask = new bool[UserIndex.Length * itemCount];
            for (var r = 0; r < UserIndex.Length; r++)
            {
                var seen = history[UserIndex[r]]!;
                for (var i = 0; i < itemCount; i++)
                {
                    mask[(r * itemCount) + i] = !known[i] || seen.Contains(i);
                }
            }

            Mask = torch.tensor(mask, [UserIndex.Length, itemCount]).DetachFromDisposeScope();
        }

        public int ItemCount { get; }

        public int[] UserIndex { get; }

        public HashSet<int>[] Relevant { get; }

        public int Users => UserIndex.Length;

        public Tensor Mask { get; }

        public void Dispose() => Mask.Dispose();
    }
}
