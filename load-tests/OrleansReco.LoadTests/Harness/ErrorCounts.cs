using System.Collections.Concurrent;

namespace OrleansReco.LoadTests.Harness;

/// <summary>Failed operations counted by kind (exception type, HTTP status, "rejected").</summary>
public sealed class ErrorCounts
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    /// <summary>All failures so far.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            foreach (var pair in _counts)
            {
                total += pair.Value;
            }

            return total;
        }
    }

    /// <summary>Counts one failure.</summary>
    public void Add(Exception exception) => Add(KindOf(exception));

    /// <summary>Counts one failure of <paramref name="kind"/>.</summary>
    public void Add(string kind) => _counts.AddOrUpdate(kind, 1, static (_, n) => n + 1);

    /// <summary>A stable name for the kind of <paramref name="exception"/>.</summary>
    public static string KindOf(Exception exception) => exception switch
    {
        LoadTargetException target => target.Kind,
        AggregateException { InnerExceptions: [var inner] } => KindOf(inner),
        _ => exception.GetType().Name,
    };

    /// <summary>Counts by kind, sorted by name.</summary>
    public SortedDictionary<string, long> Snapshot() => new(_counts, StringComparer.Ordinal);
}

/// <summary>A failure the target classified itself (e.g. <c>rejected</c>, <c>http_429</c>).</summary>
public sealed class LoadTargetException(string kind, string message) : Exception(message)
{
    /// <summary>The error kind reported in <c>errors</c>.</summary>
    public string Kind { get; } = kind;
}
