using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace OrleansReco.Persistence.AzureTable;

/// <summary>
/// Where a grain's state lives in the table. Partition key <c>{serviceId}_{bucket}</c>, where the bucket is a stable
/// XxHash32 of the grain id's UTF-8 bytes modulo <see cref="PartitionBuckets"/> (never <c>string.GetHashCode</c>,
/// which differs per process); row key <c>{grainId}|{stateName}</c>, both escaped; the extra rows of a state larger
/// than one row are <c>{rowKey}|01</c>, <c>{rowKey}|02</c>.
/// </summary>
internal static class StateRowKeys
{
    /// <summary>Partitions per service: spreads load over Azure's partition servers. Changing it moves every row.</summary>
    public const int PartitionBuckets = 64;

    /// <summary>Azure's limit on a key (1 KiB); the longest key we write is a continuation row's.</summary>
    public const int MaxKeyLength = 1024;

    private const string ContinuationSuffixFormat = "D2";

    private static readonly SearchValues<char> Reserved = SearchValues.Create("/\\#?%|");

    public static string PartitionKey(string serviceId, GrainId grainId) =>
        $"{Escape(serviceId)}_{Bucket(grainId):D2}";

    public static int Bucket(GrainId grainId)
    {
        var bytes = Encoding.UTF8.GetBytes(grainId.ToString());
        return (int)(XxHash32.HashToUInt32(bytes) % PartitionBuckets);
    }

    /// <summary>The head row's key. Throws when the escaped key would exceed Azure's 1 KiB limit.</summary>
    public static string RowKey(GrainId grainId, string stateName)
    {
        var rowKey = $"{Escape(grainId.ToString())}|{Escape(stateName)}";
        if (rowKey.Length + 3 > MaxKeyLength)
        {
            throw new ArgumentException(
                $"Grain id '{grainId}' with state name '{stateName}' gives a row key of {rowKey.Length} characters; "
                + $"Azure Table keys hold at most {MaxKeyLength} (3 are kept for continuation rows).", nameof(grainId));
        }

        return rowKey;
    }

    /// <summary>Key of the <paramref name="index"/>-th extra row (1-based) of a state spread over several rows.</summary>
    public static string ContinuationRowKey(string rowKey, int index) =>
        $"{rowKey}|{index.ToString(ContinuationSuffixFormat, CultureInfo.InvariantCulture)}";

    /// <summary>Exclusive bounds that hold exactly the continuation rows of <paramref name="rowKey"/>.</summary>
    public static (string After, string Before) ContinuationRange(string rowKey) => (rowKey + "|", rowKey + "}");

    /// <summary>
    /// Percent-escapes what Azure forbids in keys (<c>/ \ # ?</c>, control characters) and what our layout reserves
    /// (<c>%</c> and the separator <c>|</c>), so distinct (grain, state) pairs never share a key.
    /// </summary>
    public static string Escape(string value)
    {
        if (!value.AsSpan().ContainsAny(Reserved) && !ContainsControl(value))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (Reserved.Contains(c) || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool ContainsControl(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
