namespace OrleansReco.Training.Numerics;

/// <summary>
/// Exact top-K over a dense score vector with a bounded heap. Items scoring −∞ (or NaN) are not rankable and are
/// skipped; ties go to the lower index, so results are deterministic.
/// </summary>
public static class ScoreSelection
{
    /// <summary>Writes the best items, best first, into <paramref name="indices"/> and returns how many were written.</summary>
    public static int Top(ReadOnlySpan<float> scores, Span<int> indices)
    {
        var k = indices.Length;
        var size = 0;
        if (k == 0)
        {
            return 0;
        }

        for (var i = 0; i < scores.Length; i++)
        {
            var score = scores[i];
            if (float.IsNegativeInfinity(score) || float.IsNaN(score))
            {
                continue;
            }

            if (size < k)
            {
                indices[size] = i;
                SiftUp(scores, indices, size++);
            }
            else if (score > scores[indices[0]])
            {
                // Later indices lose ties, so only a strictly higher score displaces the worst kept item.
                indices[0] = i;
                SiftDown(scores, indices, size);
            }
        }

        // Heap sort: repeatedly move the worst to the end.
        for (var end = size - 1; end > 0; end--)
        {
            (indices[0], indices[end]) = (indices[end], indices[0]);
            SiftDown(scores, indices, end);
        }

        return size;
    }

    /// <summary>True when item <paramref name="a"/> ranks below item <paramref name="b"/>.</summary>
    private static bool Worse(ReadOnlySpan<float> scores, int a, int b) =>
        scores[a] < scores[b] || (scores[a] == scores[b] && a > b);

    private static void SiftUp(ReadOnlySpan<float> scores, Span<int> heap, int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!Worse(scores, heap[i], heap[parent]))
            {
                return;
            }

            (heap[i], heap[parent]) = (heap[parent], heap[i]);
            i = parent;
        }
    }

    private static void SiftDown(ReadOnlySpan<float> scores, Span<int> heap, int size)
    {
        var i = 0;
        while (true)
        {
            var worst = i;
            var left = (2 * i) + 1;
            var right = left + 1;
            if (left < size && Worse(scores, heap[left], heap[worst]))
            {
                worst = left;
            }

            if (right < size && Worse(scores, heap[right], heap[worst]))
            {
                worst = right;
            }

            if (worst == i)
            {
                return;
            }

            (heap[i], heap[worst]) = (heap[worst], heap[i]);
            i = worst;
        }
    }
}
