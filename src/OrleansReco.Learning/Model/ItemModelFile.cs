using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace OrleansReco.Learning.Model;

/// <summary>
/// The binary model file (".orm"), BCL only. All integers and floats are little-endian; a string is an int32 byte
/// count followed by UTF-8 bytes.
/// <code>
/// offset 0   magic          8 bytes  "ORIM" 0D 0A 1A 0A   (detects text-mode mangling, like PNG)
/// offset 8   format version uint32   (this reader: 1)
/// offset 12  payload length int64
/// offset 20  payload:
///              model version int64, dimension int32, item count int32,
///              per item: id string, title string, category count int32, categories string…,
///              vectors float32[item count × dimension] (row-major),
///              tower count int32, per tower: name string, rank int32, shape int32[rank], values float32[product(shape)],
///              metadata count int32, per entry: key string, value string
/// then       SHA-256        32 bytes over everything before it (header and payload)
/// </code>
/// <see cref="Read(Stream)"/> throws <see cref="InvalidDataException"/> naming the problem for a wrong magic, an
/// unsupported version, a truncated file, a checksum mismatch, trailing bytes or an inconsistent payload.
/// </summary>
public static class ItemModelFile
{
    /// <summary>The format version this code writes and reads.</summary>
    public const uint FormatVersion = 1;

    /// <summary>Conventional file extension.</summary>
    public const string Extension = ".orm";

    private const int HeaderSize = 20;
    private const int ChecksumSize = 32;

    /// <summary>The 8 magic bytes at offset 0.</summary>
    public static ReadOnlySpan<byte> Magic => [(byte)'O', (byte)'R', (byte)'I', (byte)'M', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, ItemModel model)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(model);
        var payload = new PayloadWriter();
        payload.Int64(model.ModelVersion);
        payload.Int32(model.Dimensions);
        payload.Int32(model.Items.Count);
        foreach (var item in model.Items)
        {
            payload.String(item.Id);
            payload.String(item.Title);
            payload.Int32(item.Categories.Count);
            foreach (var category in item.Categories)
            {
                payload.String(category);
            }
        }

        payload.Floats(model.Vectors);
        payload.Int32(model.Towers.Count);
        foreach (var (name, tower) in model.Towers.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            payload.String(name);
            payload.Int32(tower.Shape.Length);
            foreach (var dimension in tower.Shape)
            {
                payload.Int32(dimension);
            }

            payload.Floats(tower.Values);
        }

        payload.Int32(model.Metadata.Count);
        foreach (var (key, value) in model.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            payload.String(key);
            payload.String(value);
        }

        var body = payload.ToArray();
        Span<byte> header = stackalloc byte[HeaderSize];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(header[12..], body.LongLength);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(header);
        hash.AppendData(body);
        stream.Write(header);
        stream.Write(body);
        stream.Write(hash.GetHashAndReset());
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void Write(string path, ItemModel model)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            Write(stream, model);
        }

        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Reads a model from <paramref name="path"/>.</summary>
    public static ItemModel Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return Read(stream);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads a model from <paramref name="stream"/>, verifying version, length and checksum before parsing.</summary>
    public static ItemModel Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[HeaderSize];
        var got = ReadFully(stream, header);
        if (got < Magic.Length || !header.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not an OrleansReco item model file: the magic bytes are wrong.");
        }

        if (got < HeaderSize)
        {
            throw new InvalidDataException($"Truncated model file: the header needs {HeaderSize} bytes, found {got}.");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8));
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported model file format version {version}; this reader supports version {FormatVersion}.");
        }

        var length = BinaryPrimitives.ReadInt64LittleEndian(header.AsSpan(12));
        if (length < 0 || length > Array.MaxLength)
        {
            throw new InvalidDataException($"Corrupt model file: payload length {length} is impossible.");
        }

        var body = new byte[length];
        got = ReadFully(stream, body);
        if (got < length)
        {
            throw new InvalidDataException($"Truncated model file: the payload needs {length} bytes, found {got}.");
        }

        var checksum = new byte[ChecksumSize];
        got = ReadFully(stream, checksum);
        if (got < ChecksumSize)
        {
            throw new InvalidDataException($"Truncated model file: the SHA-256 checksum needs {ChecksumSize} bytes, found {got}.");
        }

        if (stream.ReadByte() >= 0)
        {
            throw new InvalidDataException("Corrupt model file: unexpected bytes after the checksum.");
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(header);
        hash.AppendData(body);
        if (!CryptographicOperations.FixedTimeEquals(hash.GetHashAndReset(), checksum))
        {
            throw new InvalidDataException("Corrupt model file: the SHA-256 checksum does not match the content.");
        }

        return Parse(body);
    }

    private static ItemModel Parse(byte[] body)
    {
        var reader = new PayloadReader(body);
        var modelVersion = reader.Int64();
        var dimensions = reader.Int32();
        var count = reader.Int32();
        if (dimensions < 1 || count < 0)
        {
            throw new InvalidDataException($"Corrupt model file: dimension {dimensions} and item count {count} are impossible.");
        }

        var items = new ItemModelEntry[count];
        for (var i = 0; i < count; i++)
        {
            var id = reader.String();
            var title = reader.String();
            var categories = new string[reader.Count(minimumBytesEach: 4)];
            for (var c = 0; c < categories.Length; c++)
            {
                categories[c] = reader.String();
            }

            items[i] = new ItemModelEntry(id, title, categories);
        }

        var vectors = reader.Floats((long)count * dimensions);
        var towers = new Dictionary<string, TowerWeights>(StringComparer.Ordinal);
        var towerCount = reader.Count(minimumBytesEach: 8);
        for (var t = 0; t < towerCount; t++)
        {
            var name = reader.String();
            var shape = new int[reader.Count(minimumBytesEach: 4)];
            long size = 1;
            for (var s = 0; s < shape.Length; s++)
            {
                shape[s] = reader.Int32();
                if (shape[s] < 0)
                {
                    throw new InvalidDataException($"Corrupt model file: tower '{name}' has a negative dimension.");
                }

                size *= shape[s];
            }

            if (!towers.TryAdd(name, new TowerWeights(shape, reader.Floats(size))))
            {
                throw new InvalidDataException($"Corrupt model file: tower '{name}' appears twice.");
            }
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var metadataCount = reader.Count(minimumBytesEach: 8);
        for (var m = 0; m < metadataCount; m++)
        {
            var key = reader.String();
            if (!metadata.TryAdd(key, reader.String()))
            {
                throw new InvalidDataException($"Corrupt model file: metadata key '{key}' appears twice.");
            }
        }

        reader.ExpectEnd();
        try
        {
            return new ItemModel(modelVersion, dimensions, items, vectors, towers, metadata);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Invalid model file: {e.Message}", e);
        }
    }

    private static int ReadFully(Stream stream, byte[] buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private sealed class PayloadWriter
    {
        private readonly MemoryStream _buffer = new();

        public void Int32(int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
            _buffer.Write(bytes);
        }

        public void Int64(long value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            _buffer.Write(bytes);
        }

        public void String(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            Int32(bytes.Length);
            _buffer.Write(bytes);
        }

        public void Floats(float[] values)
        {
            if (BitConverter.IsLittleEndian)
            {
                _buffer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
                return;
            }

            Span<byte> bytes = stackalloc byte[4];
            foreach (var value in values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
                _buffer.Write(bytes);
            }
        }

        public byte[] ToArray() => _buffer.ToArray();
    }

    private sealed class PayloadReader(byte[] body)
    {
        private int _position;

        public int Int32()
        {
            Need(4, "an int32");
            var value = BinaryPrimitives.ReadInt32LittleEndian(body.AsSpan(_position));
            _position += 4;
            return value;
        }

        public long Int64()
        {
            Need(8, "an int64");
            var value = BinaryPrimitives.ReadInt64LittleEndian(body.AsSpan(_position));
            _position += 8;
            return value;
        }

        /// <summary>A non-negative count whose elements need at least <paramref name="minimumBytesEach"/> bytes each.</summary>
        public int Count(int minimumBytesEach)
        {
            var count = Int32();
            if (count < 0 || (long)count * minimumBytesEach > body.Length - _position)
            {
                throw new InvalidDataException($"Corrupt model file: count {count} at byte {_position - 4} exceeds the payload.");
            }

            return count;
        }

        public string String()
        {
            var length = Int32();
            if (length < 0)
            {
                throw new InvalidDataException($"Corrupt model file: negative string length at byte {_position - 4}.");
            }

            Need(length, "a string");
            try
            {
                var value = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body, _position, length);
                _position += length;
                return value;
            }
            catch (DecoderFallbackException e)
            {
                throw new InvalidDataException($"Corrupt model file: invalid UTF-8 at byte {_position}.", e);
            }
        }

        public float[] Floats(long count)
        {
            if (count < 0 || count > (body.Length - _position) / 4)
            {
                throw new InvalidDataException($"Corrupt model file: {count} float32 values at byte {_position} exceed the payload.");
            }

            var values = new float[count];
            if (BitConverter.IsLittleEndian)
            {
                body.AsSpan(_position, 4 * values.Length).CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
            }
            else
            {
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = BinaryPrimitives.ReadSingleLittleEndian(body.AsSpan(_position + (4 * i)));
                }
            }

            _position += 4 * values.Length;
            return values;
        }

        public void ExpectEnd()
        {
            if (_position != body.Length)
            {
                throw new InvalidDataException($"Corrupt model file: {body.Length - _position} unread payload bytes.");
            }
        }

        private void Need(int bytes, string what)
        {
            if (bytes > body.Length - _position)
            {
                throw new InvalidDataException($"Corrupt model file: the payload ends at byte {body.Length} while reading {what} at byte {_position}.");
            }
        }
    }
}
