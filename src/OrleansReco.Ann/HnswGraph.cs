using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace OrleansReco.Ann;

/// <summary>
/// The storage of an HNSW graph, laid out as hnswlib's hnswalg.h: all vectors in one contiguous row-major
/// <see cref="float"/> array; level-0 neighbour lists in one <see cref="int"/> array with a fixed stride of
/// 2·M + 1 slots per node (count, then ids); upper-level lists (levels 1..L of the ~1/M nodes that have them) in a
/// separate pooled <see cref="int"/> array addressed through <see cref="UpperOffsets"/>, M + 1 slots per level.
/// Growing produces a new instance; a reader keeps the instance it started with. The two big arrays live on the
/// pinned object heap, 64-byte aligned (a d = 64 row is exactly four cache lines), so the search loop can prefetch
/// and address them through raw pointers without bounds checks.
/// </summary>
internal sealed unsafe class HnswGraph
{
    private const int CacheLine = 64;
    private readonly float[] _vectorStorage;
    private readonly int[] _level0Storage;
    private readonly float* _vectors;
    private readonly int* _level0;

    /// <summary>Tombstone: skipped in results, still used for navigation.</summary>
    public const byte DeletedFlag = 1;

    /// <summary>Being inserted or revived: not returned until linked.</summary>
    public const byte PendingFlag = 2;

    /// <summary>Highest level a node may draw.</summary>
    public const int MaxLevel = 31;

    /// <summary>Entry point of an empty graph.</summary>
    public const long NoEntryPoint = -1L;

    public HnswGraph(int dimensions, int m, int capacity, int upperCapacity)
    {
        if ((long)capacity * dimensions > Array.MaxLength || (long)capacity * ((2 * m) + 1) > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), $"Capacity {capacity} × dimension {dimensions} exceeds the largest array .NET can allocate.");
        }

        Dimensions = dimensions;
        M = m;
        MaxLinks0 = 2 * m;
        Stride0 = MaxLinks0 + 1;
        UpperStride = m + 1;
        Capacity = capacity;
        _vectorStorage = AllocateAligned(capacity * dimensions, out _vectors);
        _level0Storage = AllocateAligned(capacity * Stride0, out _level0);
        Levels = new byte[capacity];
        Flags = new byte[capacity];
        Labels = new int[capacity];
        UpperOffsets = new int[capacity];
        Upper = new int[upperCapacity];
    }

    public int Dimensions { get; }

    public int M { get; }

    /// <summary>M0 = 2·M, the level-0 list size.</summary>
    public int MaxLinks0 { get; }

    /// <summary>Ints per node in <see cref="Level0"/>: the count and M0 ids.</summary>
    public int Stride0 { get; }

    /// <summary>Ints per level in <see cref="Upper"/>: the count and M ids.</summary>
    public int UpperStride { get; }

    public int Capacity { get; }

    /// <summary>All vectors, row-major, <see cref="Capacity"/> rows.</summary>
    public Span<float> Vectors => new(_vectors, Capacity * Dimensions);

    /// <summary>All level-0 lists, <see cref="Stride0"/> ints per node.</summary>
    public Span<int> Level0 => new(_level0, Capacity * Stride0);

    public byte[] Levels { get; }

    public byte[] Flags { get; }

    /// <summary>External item id of each node.</summary>
    public int[] Labels { get; }

    /// <summary>Start of a node's level-1 list in <see cref="Upper"/> (meaningful when its level ≥ 1).</summary>
    public int[] UpperOffsets { get; }

    public int[] Upper { get; }

    /// <summary>Nodes allocated (live, deleted and pending); written under the index's map lock.</summary>
    public int Count;

    /// <summary>Ints of <see cref="Upper"/> in use.</summary>
    public int UpperUsed;

    /// <summary>Entry point packed as (level &lt;&lt; 32) | node; <see cref="NoEntryPoint"/> when empty.</summary>
    public long EntryPoint = NoEntryPoint;

    public static long PackEntry(int node, int level) => ((long)level << 32) | (uint)node;

    public static int EntryNode(long entry) => (int)entry;

    public static int EntryLevel(long entry) => (int)(entry >> 32);

    /// <summary>Size of the level-0 list plus upper lists, in bytes, for memory accounting.</summary>
    public long GraphBytes =>
        ((long)_level0Storage.Length * sizeof(int)) + Levels.Length + Flags.Length + ((long)Labels.Length * sizeof(int))
        + ((long)UpperOffsets.Length * sizeof(int)) + ((long)Upper.Length * sizeof(int));

    public int MaxLinks(int level) => level == 0 ? MaxLinks0 : M;

    /// <summary>The count slot of a node's list at <paramref name="level"/>; the ids follow it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref int Links(int node, int level) => ref level == 0
        ? ref _level0[(nint)node * Stride0]
        : ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Upper), (nint)UpperOffsets[node] + ((level - 1) * UpperStride));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref float Vector(int node) => ref _vectors[(nint)node * Dimensions];

    public Span<float> VectorSpan(int node) => new(_vectors + ((nint)node * Dimensions), Dimensions);

    /// <summary>Asks the CPU to start loading a node's vector into L1 (a hint: never faults, no-op without SSE).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchVector(int node)
    {
        if (Sse.IsSupported)
        {
            var p = (byte*)(_vectors + ((nint)node * Dimensions));
            var bytes = Dimensions * sizeof(float);
            for (var offset = 0; offset < bytes; offset += CacheLine)
            {
                Sse.Prefetch0(p + offset);
            }
        }
    }

    /// <summary>Prefetches a node's level-0 list (count and ids: three cache lines at M = 16).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PrefetchLinks0(int node)
    {
        if (Sse.IsSupported)
        {
            var p = (byte*)(_level0 + ((nint)node * Stride0));
            var bytes = Stride0 * sizeof(int);
            for (var offset = 0; offset < bytes; offset += CacheLine)
            {
                Sse.Prefetch0(p + offset);
            }
        }
    }

    /// <summary>Prefetches the visited stamps of a list's ids so the visited checks that follow overlap their misses.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PrefetchStamps(ref int list, int count, ushort[] stamps)
    {
        if (Sse.IsSupported)
        {
            var start = (ushort*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(stamps));
            for (var j = 1; j <= count; j++)
            {
                Sse.Prefetch0(start + Unsafe.Add(ref list, j));
            }
        }
    }

    /// <summary>A copy with room for <paramref name="capacity"/> nodes and <paramref name="upperCapacity"/> upper ints; call with writers excluded.</summary>
    public HnswGraph Grow(int capacity, int upperCapacity)
    {
        var grown = new HnswGraph(Dimensions, M, capacity, upperCapacity);
        Vectors[..(Count * Dimensions)].CopyTo(grown.Vectors);
        Level0[..(Count * Stride0)].CopyTo(grown.Level0);
        Array.Copy(Levels, grown.Levels, Count);
        Array.Copy(Flags, grown.Flags, Count);
        Array.Copy(Labels, grown.Labels, Count);
        Array.Copy(UpperOffsets, grown.UpperOffsets, Count);
        Array.Copy(Upper, grown.Upper, UpperUsed);
        grown.Count = Count;
        grown.UpperUsed = UpperUsed;
        grown.EntryPoint = EntryPoint;
        return grown;
    }

    /// <summary>A zeroed array on the pinned object heap and a pointer to its first 64-byte-aligned element.</summary>
    private static T[] AllocateAligned<T>(int length, out T* aligned)
        where T : unmanaged
    {
        var pad = CacheLine / sizeof(T);
        var storage = GC.AllocateArray<T>(length + pad, pinned: true);
        var start = (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(storage));
        var misalignment = (int)((nuint)start % CacheLine) / sizeof(T);
        aligned = start + ((pad - misalignment) % pad);
        return storage;
    }

    /// <summary>Upper-pool size that comfortably holds <paramref name="capacity"/> nodes: E[levels above 0] = 1/(M−1).</summary>
    public static int UpperCapacityFor(int capacity, int m) =>
        (int)Math.Min(Array.MaxLength, ((long)capacity * (m + 1) * 5 / (4 * (m - 1))) + (4L * (m + 1)));
}
