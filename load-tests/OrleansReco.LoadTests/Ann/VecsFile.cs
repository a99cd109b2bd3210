using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace OrleansReco.LoadTests.Ann;

/// <summary>Reader for the TEXMEX .fvecs / .ivecs formats: per row an int32 dimension, then that many float32 / int32 values.</summary>
public static class VecsFile
{
    /// <summary>Reads an .fvecs file into one row-major array.</summary>
    public static (float[] Data, int Rows, int Dimensions) ReadFloats(string path)
    {
        var (raw, rows, dimensions) = ReadRaw(path);
        return (MemoryMarshal.Cast<int, float>(raw).ToArray(), rows, dimensions);
    }

    /// <summary>Reads an .ivecs file into one row-major array.</summary>
    public static (int[] Data, int Rows, int Dimensions) ReadInts(string path) => ReadRaw(path);

    private static (int[] Data, int Rows, int Dimensions) ReadRaw(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Missing file {Path.GetFullPath(path)}.", path);
        }

        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < sizeof(int))
        {
            throw new InvalidDataException($"{path} is empty.");
        }

        var dimensions = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        var rowBytes = (long)(dimensions + 1) * sizeof(int);
        if (dimensions < 1 || bytes.Length % rowBytes != 0)
        {
            throw new InvalidDataException($"{path} is not a .fvecs/.ivecs file: first dimension {dimensions}, size {bytes.Length} bytes is not a multiple of {rowBytes}.");
        }

        var rows = (int)(bytes.Length / rowBytes);
        var words = MemoryMarshal.Cast<byte, int>(bytes);
        var data = new int[rows * dimensions];
        for (var r = 0; r < rows; r++)
        {
            var row = words.Slice((int)(r * (dimensions + 1)), dimensions + 1);
            if (row[0] != dimensions)
            {
                throw new InvalidDataException($"{path}: row {r} has dimension {row[0]}, expected {dimensions}.");
            }

            row[1..].CopyTo(data.AsSpan(r * dimensions, dimensions));
        }

        return (data, rows, dimensions);
    }
}
