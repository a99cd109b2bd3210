using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace OrleansReco.Ann;

/// <summary>CRC-32C (Castagnoli), hardware SSE4.2 when available, table-driven otherwise; for snapshot checksums.</summary>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78u; // reflected 0x1EDC6F41
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC of (previous data ‖ <paramref name="data"/>), given <paramref name="crc"/> = CRC of the previous data (0 to start).</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) =>
        Sse42.X64.IsSupported ? AppendSse42(crc, data) : AppendPortable(crc, data);

    /// <summary>SSE4.2 <c>crc32</c>, 8 bytes per instruction.</summary>
    internal static uint AppendSse42(uint crc, ReadOnlySpan<byte> data)
    {
        ulong state = ~crc;
        while (data.Length >= sizeof(ulong))
        {
            state = Sse42.X64.Crc32(state, MemoryMarshal.Read<ulong>(data));
            data = data[sizeof(ulong)..];
        }

        var narrow = (uint)state;
        foreach (var b in data)
        {
            narrow = Sse42.Crc32(narrow, b);
        }

        return ~narrow;
    }

    /// <summary>Table-driven fallback, one byte at a time.</summary>
    internal static uint AppendPortable(uint crc, ReadOnlySpan<byte> data)
    {
        var state = ~crc;
        foreach (var b in data)
        {
            state = Table[(byte)(state ^ b)] ^ (state >> 8);
        }

        return ~state;
    }

    /// <summary>Appends a little-endian <see cref="uint"/>.</summary>
    public static uint Append(uint crc, uint value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return Append(crc, bytes);
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var value = i;
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ Polynomial : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
