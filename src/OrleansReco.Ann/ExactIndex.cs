using System.Runtime.InteropServices;
using OrleansReco.Learning;

namespace OrleansReco.Ann;

/// <summary>
/// Brute-force inner-product index: the ground truth <see cref="HnswIndex"/> is measured against. O(n·d) per search.
/// Concurrent searches are safe; writes must not run concurrently with anything else.
/// </summary>
public sealed class ExactIndex : IVectorIndex
{
    private readonly Dictionary<int, int> _slots = [];
    private float[] _vectors;
    private int[] _labels;
    private int _count;

    /// <summary>Creates an empty index for vectors of length <paramref name="dimensions"/>.</summary>
    public ExactIndex(int dimensions, int initialCapacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialCapacity, 1);
        Dimensions = dimensions;
        _vectors = new float[initialCapacity * dimensions];
        _labels = new int[initialCapacity];
    }

    /// <inheritdoc />
    public int Dimensions { get; }

    /// <inheritdoc />
    public int Count => _count;

    /// <summary>An exact index over every item of <paramref name="items"/>, ids = item indices.</summary>
    public static ExactIndex Build(ItemVectors items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var index = new ExactIndex(items.Dimensions, Math.Max(1, items.Count));
        for (var i = 0; i < items.Count; i++)
        {
            index.Add(i, items[i]);
        }

        return index;
    }

    /// <inheritdoc />
    public bool Contains(int id) => _slots.ContainsKey(id);

    /// <inheritdoc />
    public void Add(int id, ReadOnlySpan<float> vector)
    {
        Validate(vector);
        if (_slots.ContainsKey(id))
        {
            throw new ArgumentException($"Item {id} is already in the index; use Update to change its vector.", nameof(id));
        }

        if (_count == _labels.Length)
        {
            Array.Resize(ref _labels, _count * 2);
            Array.Resize(ref _vectors, _labels.Length * Dimensions);
        }

        vector.CopyTo(_vectors.AsSpan(_count * Dimensions, Dimensions));
        _labels[_count] = id;
        _slots[id] = _count++;
    }

    /// <inheritdoc />
    public void Update(int id, ReadOnlySpan<float> vector)
    {
        Validate(vector);
        if (!_slots.TryGetValue(id, out var slot))
        {
            throw new KeyNotFoundException($"Item {id} is not in the index; use Add.");
        }

        vector.CopyTo(_vectors.AsSpan(slot * Dimensions, Dimensions));
    }

    /// <inheritdoc />
    public bool Delete(int id)
    {
        if (!_slots.Remove(id, out var slot))
        {
            return false;
        }

        // Move the last row into the hole.
        var last = --_count;
        if (slot != last)
        {
            _vectors.AsSpan(last * Dimensions, Dimensions).CopyTo(_vectors.AsSpan(slot * Dimensions, Dimensions));
            _labels[slot] = _labels[last];
            _slots[_labels[slot]] = slot;
        }

        return true;
    }

    /// <inheritdoc />
    public ScoredItem[] Search(ReadOnlySpan<float> query, int k, int ef = 0, Func<int, bool>? filter = null) =>
        SearchResults.Collect(this, query, k, ef, filter);

    /// <inheritdoc />
    /// <remarks><paramref name="ef"/> is ignored: the search is exact.</remarks>
    public int Search(ReadOnlySpan<float> query, Span<ScoredItem> results, int ef = 0, Func<int, bool>? filter = null)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"Query has {query.Length} dimensions; the index has {Dimensions}.", nameof(query));
        }

        var k = results.Length;
        if (k == 0)
        {
            return 0;
        }

        var heap = new ResultHeap();
        ref var q = ref MemoryMarshal.GetReference(query);
        for (var slot = 0; slot < _count; slot++)
        {
            if (filter is not null && !filter(_labels[slot]))
            {
                continue;
            }

            var score = DotProduct.Compute(ref q, ref _vectors[slot * Dimensions], Dimensions);
            if (heap.Count < k)
            {
                heap.Push(score, slot);
            }
            else if (score > heap.WorstScore || (score == heap.WorstScore && _labels[slot] < _labels[heap.Worst.Node]))
            {
                heap.ReplaceWorst(score, slot);
            }
        }

        var n = heap.Count;
        for (var i = n - 1; i >= 0; i--)
        {
            var worst = heap.Worst;
            results[i] = new ScoredItem(_labels[worst.Node], worst.Score);
            heap.Pop();
        }

        return n;
    }

    private void Validate(ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimensions)
        {
            throw new ArgumentException($"Vector has {vector.Length} dimensions; the index has {Dimensions}.", nameof(vector));
        }

        if (!VectorMath.AllFinite(vector))
        {
            throw new ArgumentException("Vector contains NaN or infinite values.", nameof(vector));
        }
    }
}
