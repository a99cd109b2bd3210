using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace OrleansReco.Ann;

/// <summary>
/// Versioned binary snapshot of an <see cref="HnswIndex"/>, little-endian:
/// <code>
/// header  (60 bytes): magic "ORHNSW\r\n" | u32 version | i32 dimensions | i32 M | i32 efConstruction | i32 efSearch
///                     | u64 seed | i32 nodes | i32 deleted | i32 upperInts | i64 entryPoint | u32 CRC-32C of the header
/// payload: f32 vectors[nodes·d] | i32 level0[nodes·(2M+1)] | u8 levels[nodes] | u8 flags[nodes] | i32 labels[nodes]
///          | i32 upperOffsets[nodes] | i32 upper[upperInts]
/// trailer: u32 CRC-32C of the payload
/// </code>
/// A bad magic, an unknown version, a checksum mismatch, a truncated stream or an inconsistent graph is refused with an
/// <see cref="InvalidDataException"/> that says which.
/// </summary>
internal static class HnswSnapshot
{
    public const uint FormatVersion = 1;
    private const int HeaderSize = 60;
    private const int HeaderBodySize = HeaderSize - sizeof(uint);

    private static ReadOnlySpan<byte> Magic => "ORHNSW\r\n"u8;

    public static void Write(Stream stream, HnswOptions options, HnswGraph g, int deletedCount)
    {
        EnsureLittleEndian();
        Span<byte> header = stackalloc byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(header[12..], g.Dimensions);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], g.M);
        BinaryPrimitives.WriteInt32LittleEndian(header[20..], options.EfConstruction);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], options.EfSearch);
        BinaryPrimitives.WriteUInt64LittleEndian(header[28..], options.Seed);
        BinaryPrimitives.WriteInt32LittleEndian(header[36..], g.Count);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], deletedCount);
        BinaryPrimitives.WriteInt32LittleEndian(header[44..], g.UpperUsed);
        BinaryPrimitives.WriteInt64LittleEndian(header[48..], g.EntryPoint);
        BinaryPrimitives.WriteUInt32LittleEndian(header[HeaderBodySize..], Crc32C.Append(0, header[..HeaderBodySize]));
        stream.Write(header);

        var n = g.Count;
        var crc = 0u;
        crc = WriteSection(stream, MemoryMarshal.AsBytes(g.Vectors[..(n * g.Dimensions)]), crc);
        crc = WriteSection(stream, MemoryMarshal.AsBytes(g.Level0[..(n * g.Stride0)]), crc);
        crc = WriteSection(stream, g.Levels.AsSpan(0, n), crc);
        crc = WriteSection(stream, g.Flags.AsSpan(0, n), crc);
        crc = WriteSection(stream, MemoryMarshal.AsBytes(g.Labels.AsSpan(0, n)), crc);
        crc = WriteSection(stream, MemoryMarshal.AsBytes(g.UpperOffsets.AsSpan(0, n)), crc);
        crc = WriteSection(stream, MemoryMarshal.AsBytes(g.Upper.AsSpan(0, g.UpperUsed)), crc);
        Span<byte> trailer = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        stream.Write(trailer);
    }

    public static (HnswOptions Options, HnswGraph Graph, int DeletedCount) Read(Stream stream)
    {
        EnsureLittleEndian();
        Span<byte> header = stackalloc byte[HeaderSize];
        var got = stream.ReadAtLeast(header, HeaderSize, throwOnEndOfStream: false);
        if (got < Magic.Length || !header[..Magic.Length].SequenceEqual(Magic))
        {
            throw new InvalidDataException(got < Magic.Length
                ? $"HNSW snapshot is truncated: {got} bytes, too short for the {HeaderSize}-byte header."
                : "Not an OrleansReco HNSW snapshot: the magic header 'ORHNSW' is missing.");
        }

        if (got < HeaderSize)
        {
            throw new InvalidDataException($"HNSW snapshot is truncated: the header needs {HeaderSize} bytes, the stream had {got}.");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported HNSW snapshot format version {version}; this build reads version {FormatVersion}.");
        }

        var storedHeaderCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[HeaderBodySize..]);
        var headerCrc = Crc32C.Append(0, header[..HeaderBodySize]);
        if (storedHeaderCrc != headerCrc)
        {
            throw new InvalidDataException($"HNSW snapshot header is corrupt: checksum 0x{headerCrc:X8} does not match the stored 0x{storedHeaderCrc:X8}.");
        }

        var dimensions = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        var m = BinaryPrimitives.ReadInt32LittleEndian(header[16..]);
        var options = new HnswOptions
        {
            M = m,
            EfConstruction = BinaryPrimitives.ReadInt32LittleEndian(header[20..]),
            EfSearch = BinaryPrimitives.ReadInt32LittleEndian(header[24..]),
            Seed = BinaryPrimitives.ReadUInt64LittleEndian(header[28..]),
        };
        var nodes = BinaryPrimitives.ReadInt32LittleEndian(header[36..]);
        var deleted = BinaryPrimitives.ReadInt32LittleEndian(header[40..]);
        var upperUsed = BinaryPrimitives.ReadInt32LittleEndian(header[44..]);
        var entry = BinaryPrimitives.ReadInt64LittleEndian(header[48..]);
        ValidateHeader(options, dimensions, nodes, deleted, upperUsed);

        var payload = PayloadBytes(dimensions, m, nodes, upperUsed);
        if (stream.CanSeek && stream.Length - stream.Position < payload + sizeof(uint))
        {
            throw new InvalidDataException(
                $"HNSW snapshot is truncated: {nodes} nodes need {payload + sizeof(uint)} bytes after the header, the stream has {stream.Length - stream.Position}.");
        }

        var capacity = Math.Max(1, nodes);
        var g = new HnswGraph(dimensions, m, capacity, Math.Max(upperUsed, HnswGraph.UpperCapacityFor(capacity, m)))
        {
            Count = nodes,
            UpperUsed = upperUsed,
            EntryPoint = entry,
        };
        var crc = 0u;
        crc = ReadSection(stream, MemoryMarshal.AsBytes(g.Vectors[..(nodes * dimensions)]), "vectors", crc);
        crc = ReadSection(stream, MemoryMarshal.AsBytes(g.Level0[..(nodes * g.Stride0)]), "level-0 links", crc);
        crc = ReadSection(stream, g.Levels.AsSpan(0, nodes), "levels", crc);
        crc = ReadSection(stream, g.Flags.AsSpan(0, nodes), "flags", crc);
        crc = ReadSection(stream, MemoryMarshal.AsBytes(g.Labels.AsSpan(0, nodes)), "labels", crc);
        crc = ReadSection(stream, MemoryMarshal.AsBytes(g.UpperOffsets.AsSpan(0, nodes)), "upper offsets", crc);
        crc = ReadSection(stream, MemoryMarshal.AsBytes(g.Upper.AsSpan(0, upperUsed)), "upper links", crc);
        Span<byte> trailer = stackalloc byte[sizeof(uint)];
        ReadSection(stream, trailer, "checksum", 0);
        var storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        if (storedCrc != crc)
        {
            throw new InvalidDataException($"HNSW snapshot is corrupt: payload checksum 0x{crc:X8} does not match the stored 0x{storedCrc:X8}.");
        }

        return (options, g, deleted);
    }

    private static uint WriteSection(Stream stream, ReadOnlySpan<byte> bytes, uint crc)
    {
        stream.Write(bytes);
        return Crc32C.Append(crc, bytes);
    }

    private static uint ReadSection(Stream stream, Span<byte> bytes, string section, uint crc)
    {
        var got = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (got < bytes.Length)
        {
            throw new InvalidDataException($"HNSW snapshot is truncated in section '{section}': expected {bytes.Length} bytes, read {got}.");
        }

        return Crc32C.Append(crc, bytes);
    }

    private static long PayloadBytes(int dimensions, int m, int nodes, int upperUsed) =>
        ((long)nodes * dimensions * sizeof(float)) + ((long)nodes * ((2 * m) + 1) * sizeof(int))
        + (2L * nodes) + (2L * nodes * sizeof(int)) + ((long)upperUsed * sizeof(int));

    private static void ValidateHeader(HnswOptions options, int dimensions, int nodes, int deleted, int upperUsed)
    {
        string? problem = null;
        if (dimensions < 1)
        {
            problem = $"dimension {dimensions}";
        }
        else if (options.M < 2 || options.M > HnswOptions.MaxM || options.EfConstruction < options.M || options.EfSearch < 1)
        {
            problem = $"parameters M={options.M}, efConstruction={options.EfConstruction}, efSearch={options.EfSearch}";
        }
        else if (nodes < 0 || deleted < 0 || deleted > nodes || upperUsed < 0)
        {
            problem = $"counts nodes={nodes}, deleted={deleted}, upper={upperUsed}";
        }
        else if ((long)nodes * dimensions > Array.MaxLength || (long)nodes * ((2 * options.M) + 1) > Array.MaxLength)
        {
            problem = $"{nodes} nodes of dimension {dimensions} exceed the largest array";
        }

        if (problem is not null)
        {
            throw new InvalidDataException($"HNSW snapshot header is invalid: {problem}.");
        }
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("HNSW snapshots are little-endian; big-endian platforms are not supported.");
        }
    }
}
