using System.Globalization;
using System.Text.Json;

namespace OrleansReco.Learning.Towers;

/// <summary>
/// A numeric feature cut into one-hot slots by ascending edges e_0 &lt; e_1 &lt; … &lt; e_{m−1}: slot 0 is "unknown"
/// (missing or outside [<see cref="Minimum"/>, <see cref="Maximum"/>]), slot 1 is x &lt; e_0, slot k + 1 is
/// e_{k−1} ≤ x &lt; e_k, and slot m + 1 is x ≥ e_{m−1}.
/// </summary>
public sealed class NumericBuckets
{
    private readonly int[] _edges;

    /// <summary>Creates the buckets; throws when the edges are not strictly ascending.</summary>
    public NumericBuckets(IEnumerable<int> edges, int minimum = int.MinValue, int maximum = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(edges);
        _edges = [.. edges];
        for (var k = 1; k < _edges.Length; k++)
        {
            if (_edges[k] <= _edges[k - 1])
            {
                throw new ArgumentException("Bucket edges must be strictly ascending.", nameof(edges));
            }
        }

        if (minimum > maximum)
        {
            throw new ArgumentException("The minimum exceeds the maximum.", nameof(minimum));
        }

        Minimum = minimum;
        Maximum = maximum;
    }

    /// <summary>The edges.</summary>
    public IReadOnlyList<int> Edges => _edges;

    /// <summary>Smallest value that is not "unknown".</summary>
    public int Minimum { get; }

    /// <summary>Largest value that is not "unknown".</summary>
    public int Maximum { get; }

    /// <summary>Slots including the unknown slot 0.</summary>
    public int Count => _edges.Length + 2;

    /// <summary>The slot of <paramref name="value"/> (0 when null or out of range).</summary>
    public int SlotOf(int? value)
    {
        if (value is not { } x || x < Minimum || x > Maximum)
        {
            return 0;
        }

        // Number of edges ≤ x, plus one for the unknown slot.
        var index = Array.BinarySearch(_edges, x);
        var below = index >= 0 ? index + 1 : ~index;
        return below + 1;
    }

    /// <summary>JSON object {"edges": [...], "min": m, "max": M} (model metadata).</summary>
    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["edges"] = _edges,
        ["min"] = Minimum,
        ["max"] = Maximum,
    });

    /// <summary>Parses <see cref="ToJson"/>; throws <see cref="InvalidDataException"/> naming <paramref name="what"/> when malformed.</summary>
    public static NumericBuckets FromJson(string json, string what)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var edges = root.GetProperty("edges").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            var minimum = root.TryGetProperty("min", out var min) ? min.GetInt32() : int.MinValue;
            var maximum = root.TryGetProperty("max", out var max) ? max.GetInt32() : int.MaxValue;
            return new NumericBuckets(edges, minimum, maximum);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{what}: '{json}' is not a valid bucket definition ({e.Message}).", e);
        }
    }

    /// <summary>Readable form, e.g. "&lt;18, 18–24, …, ≥56".</summary>
    public override string ToString() => string.Join(", ", _edges.Select(e => e.ToString(CultureInfo.InvariantCulture)));
}
