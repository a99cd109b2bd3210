namespace OrleansReco.Learning.Ranking;

/// <summary>
/// Greedy MMR re-ranking (Carbonell &amp; Goldstein 1998): repeatedly pick the candidate maximising
/// λ · relevance − (1 − λ) · max cosine to the items already picked (negative cosines count as 0).
/// Relevance is min–max scaled over the candidates so that λ weighs two quantities on the same [0, 1] scale.
/// Lazy evaluation: candidates are visited in relevance order, λ · relevance bounds a candidate's value, so
/// the scan of a pick stops at the first candidate that cannot win, and a candidate's similarity to the
/// picks is brought up to date only when it is visited. The candidates' unit vectors are copied side by side into
/// the scratch first, so each cosine is one dot product over memory the cache already holds.
/// </summary>
public static class MaximalMarginalRelevance
{
    /// <summary>
    /// Writes up to <paramref name="selected"/>.Length positions (indices into <paramref name="candidates"/>), in pick order.
    /// <paramref name="scratch"/> needs <see cref="ScratchFloats"/> floats and <paramref name="intScratch"/>
    /// <see cref="ScratchInts"/> ints. Returns the number written.
    /// </summary>
    public static int Rerank(ItemVectors items, ReadOnlySpan<int> candidates, ReadOnlySpan<float> relevance, float lambda,
        Span<int> selected, Span<float> scratch, Span<int> intScratch)
    {
        var n = candidates.Length;
        var d = items.Dimensions;
        if (scratch.Length < ScratchFloats(n, d) || intScratch.Length < ScratchInts(n))
        {
            throw new ArgumentException($"MMR over {n} candidates of {d} dimensions needs {ScratchFloats(n, d)} float and {ScratchInts(n)} int scratch values.");
        }

        var k = Math.Min(selected.Length, n);
        var scaled = scratch[..n];
        var maxSimilarity = scratch.Slice(n, n);
        var units = scratch.Slice(2 * n, n * d);
        var order = intScratch[..n];
        var seenPicks = intScratch.Slice(n, n);
        Prepare(items, candidates, relevance, scaled, maxSimilarity, units, order, seenPicks);
        for (var picked = 0; picked < k; picked++)
        {
            var best = -1;
            var bestValue = float.NegativeInfinity;
            foreach (var c in order)
            {
                if (float.IsNaN(scaled[c]))
                {
                    continue; // taken
                }

                var bound = lambda * scaled[c];
                if (best >= 0 && bound <= bestValue)
                {
                    break;
                }

                CatchUp(units, d, c, selected[..picked], maxSimilarity, seenPicks);
                var value = bound - ((1f - lambda) * maxSimilarity[c]);
                if (value > bestValue)
                {
                    (best, bestValue) = (c, value);
                }
            }

            selected[picked] = best;
            scaled[best] = float.NaN;
        }

        return k;
    }

    /// <summary>Float scratch <see cref="Rerank"/> needs: relevance and similarity per candidate plus its unit vector.</summary>
    public static int ScratchFloats(int candidates, int dimensions) => candidates * (2 + dimensions);

    /// <summary>Int scratch <see cref="Rerank"/> needs.</summary>
    public static int ScratchInts(int candidates) => 2 * candidates;

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
        Span<float> scaled, Span<float> maxSimilarity, Span<float> units, Span<int> order, Span<int> seenPicks)
    {
        var min = float.PositiveInfinity;
        var max = float.NegativeInfinity;
        foreach (var r in relevance[..candidates.Length])
        {
            (min, max) = (MathF.Min(min, r), MathF.Max(max, r));
        }

        var range = max - min;
        var d = items.Dimensions;
        for (var c = 0; c < candidates.Length; c++)
        {
            scaled[c] = range > 0 ? (relevance[c] - min) / range : 1f;
            maxSimilarity[c] = 0f;
            seenPicks[c] = 0;
            order[c] = c;
            var vector = items[candidates[c]];
            var unit = units.Slice(c * d, d);
            var norm = MathF.Sqrt(SmallKernels.Dot(vector, vector));
            if (norm > 0)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(vector, 1f / norm, unit);
            }
            else
            {
                unit.Clear(); // a zero vector is similar to nothing
            }
        }

        // Visit order: relevance descending (insertion sort; candidates arrive nearly sorted from the ANN).
        for (var i = 1; i < order.Length; i++)
        {
            var c = order[i];
            var j = i - 1;
            while (j >= 0 && scaled[order[j]] < scaled[c])
            {
                order[j + 1] = order[j];
                j--;
            }

            order[j + 1] = c;
        }
    }

    /// <summary>Folds the picks made since <paramref name="c"/> was last visited into its max similarity.</summary>
    private static void CatchUp(ReadOnlySpan<float> units, int d, int c, ReadOnlySpan<int> picks, Span<float> maxSimilarity, Span<int> seenPicks)
    {
        var vector = units.Slice(c * d, d);
        var max = maxSimilarity[c];
        for (var p = seenPicks[c]; p < picks.Length; p++)
        {
            max = MathF.Max(max, SmallKernels.Dot(vector, units.Slice(picks[p] * d, d)));
        }

        maxSimilarity[c] = max;

        seenPicks[c] = picks.Length;
    }
}
