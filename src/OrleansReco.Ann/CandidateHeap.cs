using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OrleansReco.Ann;

/// <summary>Max-heap on score: the candidate set C of SEARCH-LAYER, best candidate on top. Grows, never shrinks.</summary>
internal sealed class CandidateHeap
{
    private ScoredNode[] _items = new ScoredNode[256];
    private int _count;

    public int Count => _count;

    public ScoredNode Top => _items[0];

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
            if (p.Score >= score)
            {
                break;
            }

            Unsafe.Add(ref items, i) = p;
            i = parent;
        }

        Unsafe.Add(ref items, i) = new ScoredNode(score, node);
    }

    /// <summary>Removes the best candidate; call only when <see cref="Count"/> &gt; 0.</summary>
    public void Pop()
    {
        ref var items = ref MemoryMarshal.GetArrayDataReference(_items);
        var size = --_count;
        var last = Unsafe.Add(ref items, size);
        var i = 0;
        var child = 1;
        while (child < size)
        {
            if (child + 1 < size && Unsafe.Add(ref items, child + 1).Score > Unsafe.Add(ref items, child).Score)
            {
                child++;
            }

            ref var c = ref Unsafe.Add(ref items, child);
            if (c.Score <= last.Score)
            {
                break;
            }

            Unsafe.Add(ref items, i) = c;
            i = child;
            child = (2 * i) + 1;
        }

        Unsafe.Add(ref items, i) = last;
    }
}
