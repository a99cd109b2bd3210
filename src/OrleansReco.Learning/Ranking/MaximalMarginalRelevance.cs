namespace OrleansReco.Learning.Ranking;

/// <summary>
/// Greedy MMR re-ranking (Carbonell &amp; Goldstein 1998): repeatedly pick the candidate maximising
/// λ · relevance − (1 − λ) · max cosine to the items already picked. Relevance is min–max scaled over the
/// candidates so that λ weighs two quantities on the same [0, 1] scale.
/// </summary>
public static class MaximalMarginalRelevance
{
    /// <summary>
    /// Writes up to <paramref name="selected"/>.Length positions (indices into <paramref name="candidates"/>), in pick order.
    /// <paramref name="scratch"/> needs 3 × candidates floats. Returns the number written.
    /// </summary>
    public static int Rerank(ItemVectors items, ReadOnlySpan<int> candidates, ReadOnlySpan<float> relevance, float lambda,
        Span<int> selected, Span<float> scratch)
    {
        var n = candidates.Length;
        var k = Math.Min(selected.Length, n);
        var scaled = scratch[..n];
        var maxSimilarity = scratch.Slice(n, n);
        var norms = scratch.Slice(2 * n, n);
        Prepare(items, candidates, relevance, scaled, maxSimilarity, norms);
        for (var picked = 0; picked < k; picked++)
        {
            var best = -1;
            var bestValue = float.NegativeInfinity;
            for (var c = 0; c < n; c++)
            {
                var value = (lambda * scaled[c]) - ((1f - lambda) * maxSimilarity[c]);
                if (!float.IsNaN(scaled[c]) && value > bestValue)
                {
                    (best, bestValue) = (c, value);
                }
            }

            selected[picked] = best;
            scaled[best] = float.NaN; // taken
            UpdateSimilarities(items, candidates, best, norms, scaled, maxSimilarity);
        }

        return k;
    }

    /// <summary>Mean pairwise cosine of a list of items (the diversity measure MMR lowers).</summary>
    public static double MeanPairwiseCosine(ItemVectors items, ReadOnlySpan<int> list)
    {
        double sum = 0;
        var pairs = 0;
        for (var a = 0; a < list.Length; a++)
        {
            for (var b = a + 1; b < list.Length; b++)
            {
                sum += VectorMath.Cosine(items[list[a]], items[list[b]]);
                pairs++;
            }
        }

        return pairs == 0 ? 0 : sum / pairs;
    }

    private static void Prepare(ItemVectors items, ReadOnlySpan<int> candidates, ReadOnlySpan<float> relevance,
        Span<float> scaled, Span<float> maxSimilarity, Span<float> norms)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var r in relevance[..candidates.Length])
        {
            (min, max) = (MathF.Min(min, r), MathF.Max(max, r));
        }

        var range = max - min;
        for (var c = 0; c < candidates.Length; c++)
        {
            scaled[c] = range > 0 ? (relevance[c] - min) / range : 1f;
            maxSimilarity[c] = 0f;
            norms[c] = System.Numerics.Tensors.TensorPrimitives.Norm(items[candidates[c]]);
        }
    }

    private static void UpdateSimilarities(ItemVectors items, ReadOnlySpan<int> candidates, int picked,
        ReadOnlySpan<float> norms, ReadOnlySpan<float> scaled, Span<float> maxSimilarity)
    {
        var pickedVector = items[candidates[picked]];
        for (var c = 0; c < candidates.Length; c++)
        {
            if (float.IsNaN(scaled[c]))
            {
                continue;
            }

            var denominator = norms[c] * norms[picked];
            var cosine = denominator > 0 ? SmallKernels.Dot(items[candidates[c]], pickedVector) / denominator : 0f;
            maxSimilarity[c] = MathF.Max(maxSimilarity[c], cosine);
        }
    }
}
