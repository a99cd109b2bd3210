using System.Text.Json;

namespace OrleansReco.Learning.Towers;

/// <summary>
/// A categorical feature's values as one-hot slots: slot 0 is "unknown" (missing, empty or never seen in training),
/// slot k + 1 is <see cref="Values"/>[k]. Lookup is case-insensitive and ignores surrounding white space.
/// </summary>
public sealed class CategoryVocabulary
{
    private readonly string[] _values;
    private readonly Dictionary<string, int> _slots;

    /// <summary>Creates a vocabulary; throws on a blank or (case-insensitively) repeated value.</summary>
    public CategoryVocabulary(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = [.. values.Select(v => v?.Trim() ?? string.Empty)];
        _slots = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var k = 0; k < _values.Length; k++)
        {
            if (_values[k].Length == 0 || !_slots.TryAdd(_values[k], k + 1))
            {
                throw new ArgumentException($"Vocabulary value '{_values[k]}' is blank or repeated.", nameof(values));
            }
        }
    }

    /// <summary>The known values in slot order (slot k + 1).</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>Slots including the unknown slot 0.</summary>
    public int Count => _values.Length + 1;

    /// <summary>The slot of <paramref name="value"/>: 0 when it is null, blank or not in the vocabulary.</summary>
    public int SlotOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return 0;
        }

        return SlotOf(value.AsSpan());
    }

    /// <summary>The slot of <paramref name="value"/> without allocating: 0 when it is blank or not in the vocabulary.</summary>
    public int SlotOf(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.IsEmpty)
        {
            return 0;
        }

        var lookup = _slots.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.TryGetValue(value, out var slot) ? slot : 0;
    }

    /// <summary>The values as a JSON array (model metadata).</summary>
    public string ToJson() => JsonSerializer.Serialize(_values);

    /// <summary>Parses <see cref="ToJson"/>; throws <see cref="InvalidDataException"/> when it is not a JSON string array.</summary>
    public static CategoryVocabulary FromJson(string json, string what)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return new CategoryVocabulary(JsonSerializer.Deserialize<string[]>(json) ?? throw new InvalidDataException($"{what}: null vocabulary."));
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"{what}: '{json}' is not a valid vocabulary ({e.Message}).", e);
        }
    }
}
