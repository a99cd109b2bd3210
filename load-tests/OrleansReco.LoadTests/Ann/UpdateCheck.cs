using System.Diagnostics;
using OrleansReco.Ann;
using OrleansReco.Learning;

namespace OrleansReco.LoadTests.Ann;

/// <summary>
/// Recall at one ef before the update, after it, and of an index built from scratch on the updated vectors (the control:
/// what the changed data alone costs, so the gap to it is what in-place updating costs).
/// </summary>
public sealed record UpdateRow(int Ef, double RecallBefore, double RecallAfter, double RecallRebuilt);

/// <summary>Result of moving a fraction of the vectors in place.</summary>
public sealed record UpdateResult(int Updated, double Seconds, double Noise, IReadOnlyList<UpdateRow> Rows);

/// <summary>
/// Moves a seeded fraction of the vectors in place to perturbed unit vectors (v + noise·N(0, I), re-normalised),
/// with <see cref="HnswIndex.Update"/>, recomputes the exact ground truth with <see cref="ExactIndex"/>, and reports
/// recall at every ef before (against the original truth) and after (against the new truth), next to a fresh build on
/// the updated vectors with the same options.
/// </summary>
public static class UpdateCheck
{
    public static UpdateResult Run(
        HnswIndex index, float[] vectors, int n, float[] queries, int queryCount, int[] truth, int truthWidth,
        IReadOnlyList<AnnRow> before, AnnSettings settings, TextWriter output)
    {
        var d = index.Dimensions;
        var count = (int)Math.Round(settings.UpdateFraction * n);
        var random = new DeterministicRandom(settings.Seed ^ 0x5EEDUL);
        var order = Enumerable.Range(0, n).ToArray();
        for (var i = 0; i < count; i++)
        {
            var j = i + random.NextInt(n - i);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var moved = new float[d];
        var cosineSum = 0.0;
        output.WriteLine($"updating {count:N0} of {n:N0} vectors in place (noise {settings.UpdateNoise} per component, then re-normalised)...");
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var row = vectors.AsSpan(order[i] * d, d);
            for (var j = 0; j < d; j++)
            {
                moved[j] = row[j] + ((float)settings.UpdateNoise * random.NextGaussian());
            }

            VectorMath.NormalizeInPlace(moved);
            cosineSum += VectorMath.Cosine(row, moved);
            index.Update(order[i], moved);
            moved.CopyTo(row);
            if ((i + 1) % Math.Max(1, count / 5) == 0)
            {
                output.WriteLine($"  updated {i + 1:N0} / {count:N0}  {clock.Elapsed.TotalSeconds:F1} s");
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine($"  {count / seconds:N0} updates/s on one thread; mean cosine(old, new) = {cosineSum / Math.Max(1, count):F4}");
        output.WriteLine("  recomputing the exact top-k with ExactIndex...");
        var newTruth = AnnMeasurements.ExactTruth(vectors, n, d, queries, queryCount, settings.K);
        output.WriteLine("  control: building a fresh index on the updated vectors...");
        using var rebuilt = AnnMeasurements.Build(vectors, n, d, index.Options, settings.Threads, TextWriter.Null).Index;
        var rows = new List<UpdateRow>();
        foreach (var row in before)
        {
            var after = AnnMeasurements.Measure(index, queries, queryCount, settings.K, row.Ef, repeats: 1, newTruth, settings.K);
            var fresh = AnnMeasurements.Measure(rebuilt, queries, queryCount, settings.K, row.Ef, repeats: 1, newTruth, settings.K);
            rows.Add(new UpdateRow(row.Ef, row.Recall, after.Recall, fresh.Recall));
        }

        return new UpdateResult(count, seconds, settings.UpdateNoise, rows);
    }
}
