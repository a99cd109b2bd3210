using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OrleansReco.Ann;

/// <summary>
/// Min-heap on score: the dynamic result list W of SEARCH-LAYER, worst kept result on top so it can be
/// compared in O(1) and evicted in O(log ef). Grows, never shrinks.
/// </summary>
internal sealed class ResultHeap
{
    private ScoredNode[] _items = new ScoredNode[256];
    private int _count;

    public int Count => _count;

    /// <summary>Score of the worst kept result (the lower bound a new result must beat once the heap is full).</summary>
    public float WorstScore => _items[0].Score;

    public ScoredNode Worst => _items[0];

    public void Clear() => _count = 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(float score, int node)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        ref var items = ref MemoryMarshal.GetArrayDataReference(_items);
        var i = _count++;
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            ref var p = ref Unsafe.Add(ref items, parent);
            if (p.Score <= score)
            {
                break;
            }

            Unsafe.Add(ref items, i) = p;
            i = parent;
        }

        Unsafe.Add(ref items, i) = new ScoredNode(score, node);
    }

    /// <summary>Removes the worst result; call only when <see cref="Count"/> &gt; 0.</summary>
    public void Pop()
    {
        var last = _items[--_count];
        SiftDown(last);
    }

    /// <summary>Replaces the worst result by a better one (a Pop and a Push in one sift); call only when <see cref="Count"/> &gt; 0.</summary>
    public void ReplaceWorst(float score, int node) => SiftDown(new ScoredNode(score, node));

    /// <summary>Empties the heap into <paramref name="destination"/>, best first; returns the count written.</summary>
    public int DrainBestFirst(Span<ScoredNode> destination)
    {
        var n = _count;
        for (var i = n - 1; i >= 0; i--)
        {
            destination[i] = _items[0];
            Pop();
        }

        return n;
    }

    private void SiftDown(ScoredNode item)
    {
        ref var items = ref MemoryMarshal.GetArrayDataReference(_items);
        var size = _count;
        var i = 0;
        var child = 1;
        while (child < size)
        {
            if (child + 1 < size && Unsafe.Add(ref items, child + 1).Score < Unsafe.Add(ref items, child).Score)
            {
                child++;
            }

            ref var c = ref Unsafe.Add(ref items, child);
            if (c.Score >= item.Score)
            {
                break;
            }

            Unsafe.Add(ref items, i) = c;
            i = child;
            child = (2 * i) + 1;
        }

        Unsafe.Add(ref items, i) = item;
    }
}
