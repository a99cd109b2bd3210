using Azure;
using Azure.Data.Tables;

namespace OrleansReco.Persistence.AzureTable;

/// <summary>
/// Row layout of one grain state: the serialized bytes cut into binary properties <c>Data0</c>…<c>Data10</c> of at most
/// 64 KiB each (Azure's limit per property), so a row holds 704 KiB. Azure counts 1 MiB per entity in raw bytes, but
/// the request carries them base64-encoded (4/3 larger) and Azurite caps that request body at 1 MiB: 11 chunks keep a
/// row's body under it (~0.97 MB) and leave headroom under Azure's own limit. The head row also holds
/// <c>DataLength</c> (total bytes) and <c>RowCount</c>; every row holds <c>Format</c> and the <c>Version</c> written
/// with it, so a reader can tell rows of one write from rows of another.
/// </summary>
internal static class StateRows
{
    public const int ChunkBytes = 64 * 1024;
    public const int ChunksPerRow = 11;
    public const int RowBytes = ChunkBytes * ChunksPerRow;

    /// <summary>
    /// Rows per state: all rows go in one transaction, whose request Azure caps at 4 MiB; base64 makes 4 full rows
    /// ~3.7 MiB on the wire, so 4 is the most that fits.
    /// </summary>
    public const int MaxRows = 4;

    public const int MaxStateBytes = RowBytes * MaxRows;

    public const int LayoutFormat = 1;
    public const string FormatProperty = "Format";
    public const string DataLengthProperty = "DataLength";
    public const string RowCountProperty = "RowCount";
    public const string VersionProperty = "Version";
    public const string DataPropertyPrefix = "Data";

    private static readonly string[] DataPropertyNames =
        Enumerable.Range(0, ChunksPerRow).Select(i => DataPropertyPrefix + i).ToArray();

    public static int RowsFor(int dataLength) => Math.Max(1, (dataLength + RowBytes - 1) / RowBytes);

    /// <summary>The rows holding <paramref name="data"/>: the head first, then the continuation rows in order.</summary>
    public static List<TableEntity> ToEntities(string partitionKey, string rowKey, ReadOnlyMemory<byte> data, Guid version)
    {
        var rowCount = RowsFor(data.Length);
        var rows = new List<TableEntity>(rowCount);
        for (var r = 0; r < rowCount; r++)
        {
            var entity = new TableEntity(partitionKey, r == 0 ? rowKey : StateRowKeys.ContinuationRowKey(rowKey, r))
            {
                [FormatProperty] = LayoutFormat,
                [VersionProperty] = version,
            };
            if (r == 0)
            {
                entity[DataLengthProperty] = data.Length;
                entity[RowCountProperty] = rowCount;
            }

            var rowData = data.Slice(r * RowBytes, Math.Min(RowBytes, data.Length - (r * RowBytes)));
            for (var c = 0; c * ChunkBytes < rowData.Length; c++)
            {
                var chunk = rowData.Slice(c * ChunkBytes, Math.Min(ChunkBytes, rowData.Length - (c * ChunkBytes)));
                entity[DataPropertyNames[c]] = chunk.ToArray();
            }

            rows.Add(entity);
        }

        return rows;
    }

    public static int DataLength(TableEntity head) => head.GetInt32(DataLengthProperty) ?? 0;

    public static int RowCount(TableEntity head) => head.GetInt32(RowCountProperty) ?? 1;

    public static Guid? Version(TableEntity entity) => entity.GetGuid(VersionProperty);

    /// <summary>Joins the chunks of <paramref name="rows"/> (head first) back into the serialized state.</summary>
    public static byte[] Assemble(IReadOnlyList<TableEntity> rows, int dataLength)
    {
        var data = new byte[dataLength];
        var offset = 0;
        foreach (var row in rows)
        {
            foreach (var name in DataPropertyNames)
            {
                var chunk = row.GetBinary(name);
                if (chunk is null)
                {
                    break;
                }

                if (offset + chunk.Length > dataLength)
                {
                    throw new InvalidDataException($"Row '{row.RowKey}' holds more bytes than its DataLength {dataLength}.");
                }

                chunk.CopyTo(data, offset);
                offset += chunk.Length;
            }
        }

        return offset == dataLength
            ? data
            : throw new InvalidDataException($"Rows of '{rows[0].RowKey}' hold {offset} bytes; DataLength says {dataLength}.");
    }
}

/// <summary>
/// The ETag handed to the grain: the head row's Azure ETag, prefixed with the row count when the state spans several
/// rows (<c>"3|W/\"datetime'…'\""</c>). The count tells the next write or clear exactly which extra rows exist: they
/// only change in a transaction that also changes the head, so a head ETag that still matches implies the count.
/// </summary>
internal static class StateETag
{
    public static string Format(ETag azureETag, int rowCount) =>
        rowCount <= 1 ? azureETag.ToString() : $"{rowCount}|{azureETag}";

    public static (ETag AzureETag, int RowCount) Parse(string etag)
    {
        var bar = etag.IndexOf('|', StringComparison.Ordinal);
        if (bar > 0 && int.TryParse(etag.AsSpan(0, bar), out var rows) && rows > 1)
        {
            return (new ETag(etag[(bar + 1)..]), rows);
        }

        return (new ETag(etag), 1);
    }
}
