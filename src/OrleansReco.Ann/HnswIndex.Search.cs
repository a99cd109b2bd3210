using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OrleansReco.Learning;

namespace OrleansReco.Ann;

public sealed partial class HnswIndex
{
    /// <summary>Nodes a filtered beam may evaluate while still short of ef accepted results, as a fraction of the graph, before the exact scan takes over.</summary>
    private const int StarvedBudgetDivisor = 5;

    /// <inheritdoc />
    public ScoredItem[] Search(ReadOnlySpan<float> query, int k, int ef = 0, Func<int, bool>? filter = null) =>
        SearchResults.Collect(this, query, k, ef, filter);

    /// <inheritdoc />
    public int Search(ReadOnlySpan<float> query, Span<ScoredItem> results, int ef = 0, Func<int, bool>? filter = null)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"Query has {query.Length} dimensions; the index has {Dimensions}.", nameof(query));
        }

        if (!VectorMath.AllFinite(query))
        {
            throw new ArgumentException("Query contains NaN or infinite values.", nameof(query));
        }

        var g = Volatile.Read(ref _graph);
        var entry = Volatile.Read(ref g.EntryPoint);
        var k = results.Length;
        if (k == 0 || entry == HnswGraph.NoEntryPoint)
        {
            return 0;
        }

        ef = Math.Max(ef > 0 ? ef : _options.EfSearch, k);
        var filtering = filter is not null || Volatile.Read(ref _deletedCount) > 0;
        var budget = filtering ? Math.Max(g.Count / StarvedBudgetDivisor, 4 * ef) : int.MaxValue;
        var scratch = SearchScratch.Rent(g.Capacity);
        try
        {
            ref var q = ref MemoryMarshal.GetReference(query);
            var start = GreedyDescend(g, ref q, HnswGraph.EntryNode(entry), HnswGraph.EntryLevel(entry), 0);
            var complete = SearchLayer(g, ref q, start, ef, 0, filtering, filter, -1, budget, scratch);
            if (!complete || (scratch.Results.Count < k && scratch.Results.Count < Count))
            {
                ExactScan(g, ref q, k, filter, scratch.Results);
            }

            return Drain(g, scratch.Results, results);
        }
        finally
        {
            SearchScratch.Return(scratch);
        }
    }

    /// <summary>SEARCH-LAYER with ef = 1 on levels <paramref name="fromLevel"/> down to <paramref name="toLevel"/> + 1: a greedy walk to the closest node (Algorithm 5, lines 5–7).</summary>
    private static int GreedyDescend(HnswGraph g, ref float q, int node, int fromLevel, int toLevel)
    {
        var d = g.Dimensions;
        var best = DotProduct.Compute(ref q, ref g.Vector(node), d);
        for (var level = fromLevel; level > toLevel; level--)
        {
            bool moved;
            do
            {
                moved = false;
                ref var list = ref g.Links(node, level);
                var n = Math.Min(Volatile.Read(ref list), g.M);
                for (var j = 1; j <= n; j++)
                {
                    var candidate = Unsafe.Add(ref list, j);
                    var score = DotProduct.Compute(ref q, ref g.Vector(candidate), d);
                    if (score > best)
                    {
                        best = score;
                        node = candidate;
                        moved = true;
                    }
                }
            }
            while (moved);
        }

        return node;
    }

    /// <summary>
    /// SEARCH-LAYER (Algorithm 2): best-first beam from <paramref name="entry"/> on <paramref name="level"/>, leaving the best
    /// <paramref name="ef"/> accepted nodes in <c>scratch.Results</c>. Rejected nodes (deleted, filtered out, <paramref name="exclude"/>)
    /// still enter the candidate set, so the beam walks through them. Returns false when a filtered beam has evaluated
    /// <paramref name="budget"/> nodes and still holds fewer than ef results (the caller then scans exactly).
    /// </summary>
    [SkipLocalsInit]
    private static bool SearchLayer(HnswGraph g, ref float q, int entry, int ef, int level, bool filtering, Func<int, bool>? filter, int exclude, int budget, SearchScratch scratch)
    {
        var candidates = scratch.Candidates;
        var results = scratch.Results;
        candidates.Clear();
        results.Clear();
        var tag = scratch.NextTag();
        ref var visited = ref MemoryMarshal.GetArrayDataReference(scratch.Visited);
        var d = g.Dimensions;
        var maxLinks = g.MaxLinks(level);
        Span<int> fresh = stackalloc int[maxLinks];

        var score = DotProduct.Compute(ref q, ref g.Vector(entry), d);
        Unsafe.Add(ref visited, entry) = tag;
        candidates.Push(score, entry);
        if (IsResult(g, entry, filtering, filter, exclude))
        {
            results.Push(score, entry);
        }

        var evaluated = 1;
        while (candidates.Count > 0)
        {
            var current = candidates.Top;
            if (results.Count >= ef && current.Score < results.WorstScore)
            {
                break;
            }

            candidates.Pop();

            // Pass 1: the unvisited neighbours, their vectors prefetched together so the loads overlap.
            ref var list = ref g.Links(current.Node, level);
            var n = Math.Min(Volatile.Read(ref list), maxLinks);
            HnswGraph.PrefetchStamps(ref list, n, scratch.Visited);
            var count = 0;
            for (var j = 1; j <= n; j++)
            {
                var neighbor = Unsafe.Add(ref list, j);
                ref var stamp = ref Unsafe.Add(ref visited, neighbor);
                if (stamp != tag)
                {
                    stamp = tag;
                    g.PrefetchVector(neighbor);
                    fresh[count++] = neighbor;
                }
            }

            // Pass 2: score them.
            evaluated += count;
            for (var i = 0; i < count; i++)
            {
                var neighbor = fresh[i];
                score = DotProduct.Compute(ref q, ref g.Vector(neighbor), d);
                if (results.Count < ef || score > results.WorstScore)
                {
                    candidates.Push(score, neighbor);
                    if (level == 0)
                    {
                        g.PrefetchLinks0(neighbor);
                    }

                    if (IsResult(g, neighbor, filtering, filter, exclude))
                    {
                        if (results.Count < ef)
                        {
                            results.Push(score, neighbor);
                        }
                        else
                        {
                            results.ReplaceWorst(score, neighbor);
                        }
                    }
                }
            }

            if (evaluated > budget && results.Count < ef)
            {
                return false;
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsResult(HnswGraph g, int node, bool filtering, Func<int, bool>? filter, int exclude) =>
        node != exclude && (!filtering || (g.Flags[node] == 0 && (filter is null || filter(g.Labels[node]))));

    /// <summary>Brute-force top-k over every live node that passes <paramref name="filter"/>: the fallback for very selective filters.</summary>
    private static void ExactScan(HnswGraph g, ref float q, int k, Func<int, bool>? filter, ResultHeap results)
    {
        results.Clear();
        var d = g.Dimensions;
        var count = Volatile.Read(ref g.Count);
        for (var node = 0; node < count; node++)
        {
            if (g.Flags[node] != 0 || (filter is not null && !filter(g.Labels[node])))
            {
                continue;
            }

            var score = DotProduct.Compute(ref q, ref g.Vector(node), d);
            if (results.Count < k)
            {
                results.Push(score, node);
            }
            else if (score > results.WorstScore)
            {
                results.ReplaceWorst(score, node);
            }
        }
    }

    /// <summary>Keeps the best <c>destination.Length</c> results and writes them best first with their external ids.</summary>
    private static int Drain(HnswGraph g, ResultHeap heap, Span<ScoredItem> destination)
    {
        while (heap.Count > destination.Length)
        {
            heap.Pop();
        }

        var n = heap.Count;
        for (var i = n - 1; i >= 0; i--)
        {
            var worst = heap.Worst;
            destination[i] = new ScoredItem(g.Labels[worst.Node], worst.Score);
            heap.Pop();
        }

        return n;
    }
}
