using System.Numerics.Tensors;

namespace OrleansReco.Learning;

/// <summary>Exact top-K selection over scores with a bounded min-heap (no allocation beyond the caller's buffers).</summary>
public static class TopK
{
    /// <summary>
    /// Scores every item against <paramref name="query"/> (dot product) and writes the best
    /// <paramref name="indices"/>.Length items, best first, skipping those <paramref name="exclude"/> rejects.
    /// Returns how many were written.
    /// </summary>
    public static int ByDotProduct(ItemVectors items, ReadOnlySpan<float> query, Func<int, bool>? exclude, Span<int> indices, Span<float> scores)
    {
        var k = Math.Min(indices.Length, scores.Length);
        var size = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (exclude is not null && exclude(i))
            {
                continue;
            }

            var score = TensorPrimitives.Dot(query, items[i]);
            if (size < k)
            {
                indices[size] = i;
                scores[size] = score;
                SiftUp(indices, scores, size++);
            }
            else if (k > 0 && score > scores[0])
            {
                indices[0] = i;
                scores[0] = score;
                SiftDown(indices, scores, size);
            }
        }

        SortDescending(indices[..size], scores[..size]);
        return size;
    }

    private static void SiftUp(Span<int> indices, Span<float> scores, int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (scores[parent] <= scores[i])
            {
                return;
            }

            Swap(indices, scores, i, parent);
            i = parent;
        }
    }

    private static void SiftDown(Span<int> indices, Span<float> scores, int size)
    {
        var i = 0;
        while (true)
        {
            var smallest = i;
            var left = (2 * i) + 1;
            var right = left + 1;
            if (left < size && scores[left] < scores[smallest])
            {
                smallest = left;
            }

            if (right < size && scores[right] < scores[smallest])
            {
                smallest = right;
            }

            if (smallest == i)
            {
                return;
            }

            Swap(indices, scores, i, smallest);
            i = smallest;
        }
    }

    private static void SortDescending(Span<int> indices, Span<float> scores)
    {
        // Insertion sort on a small K; ties broken by lower index for determinism.
        for (var i = 1; i < scores.Length; i++)
        {
            var score = scores[i];
            var index = indices[i];
            var j = i - 1;
            while (j >= 0 && (scores[j] < score || (scores[j] == score && indices[j] > index)))
            {
                scores[j + 1] = scores[j];
                indices[j + 1] = indices[j];
                j--;
            }

            scores[j + 1] = score;
            indices[j + 1] = index;
        }
    }

    private static void Swap(Span<int> indices, Span<float> scores, int a, int b)
    {
        (indices[a], indices[b]) = (indices[b], indices[a]);
        (scores[a], scores[b]) = (scores[b], scores[a]);
    }
}
