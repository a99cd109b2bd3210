using System.Globalization;
using System.Text.Json;
using OrleansReco.Abstractions;

namespace OrleansReco.Ingestion.Kafka;

/// <summary>
/// One event of the topic, compact JSON:
/// <c>{"user":"alice","item":"item-4","type":"like","value":2,"timestamp":1732370000000,"id":"e-17",
/// "context":{"device":"tv","locale":"fr-FR","localHour":21}}</c>.
/// <c>user</c> and <c>item</c> are required; <c>type</c> defaults to <c>click</c>; <c>value</c> is the rating or weight;
/// <c>timestamp</c> is Unix milliseconds or an ISO 8601 string (arrival time when absent); <c>id</c> is optional and is
/// carried into dead letters and logs; <c>context</c> is optional, as on the gateway. Unknown properties are ignored.
/// </summary>
internal readonly record struct InteractionEvent(string UserId, Interaction Interaction, string? EventId)
{
    /// <summary>Reads one event; on failure returns false with the field at fault and why.</summary>
    public static bool TryParse(ReadOnlySpan<byte> json, out InteractionEvent parsed, out string field, out string reason)
    {
        parsed = default;
        field = "";
        reason = "";
        try
        {
            return TryRead(json, out parsed, out field, out reason);
        }
        catch (JsonException e)
        {
            (field, reason) = ("json", $"Malformed JSON: {e.Message}");
            return false;
        }
    }

    private static bool TryRead(ReadOnlySpan<byte> json, out InteractionEvent parsed, out string field, out string reason)
    {
        parsed = default;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return Fail("json", "An event must be a JSON object.", out field, out reason);
        }

        var fields = new Fields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Fields.NameOf(ref reader);
            reader.Read();
            if (!fields.Read(name, ref reader, out field, out reason))
            {
                return false;
            }
        }

        if (reader.Read() || reader.TokenType != JsonTokenType.EndObject)
        {
            return Fail("json", "Unexpected content after the event object.", out field, out reason);
        }

        return fields.TryBuild(out parsed, out field, out reason);
    }

    private static bool Fail(string failedField, string why, out string field, out string reason)
    {
        (field, reason) = (failedField, why);
        return false;
    }

    /// <summary>The fields as read; checks each for its JSON type, the grain checks values against the catalog.</summary>
    private struct Fields
    {
        private string? _user;
        private string? _item;
        private string? _id;
        private InteractionType? _type;
        private float? _value;
        private DateTimeOffset? _timestamp;
        private RecommendationContext? _context;

        /// <summary>Which field a property name is (escapes allowed), or null for one we ignore.</summary>
        public static string? NameOf(ref Utf8JsonReader reader) =>
            reader.ValueTextEquals("user"u8) ? "user"
            : reader.ValueTextEquals("item"u8) ? "item"
            : reader.ValueTextEquals("type"u8) ? "type"
            : reader.ValueTextEquals("value"u8) ? "value"
            : reader.ValueTextEquals("timestamp"u8) ? "timestamp"
            : reader.ValueTextEquals("id"u8) ? "id"
            : reader.ValueTextEquals("context"u8) ? "context"
            : null;

        public bool Read(string? name, ref Utf8JsonReader reader, out string field, out string reason)
        {
            (field, reason) = ("", "");
            switch (name)
            {
                case "user":
                    return ReadString(ref reader, name, out _user, out field, out reason);
                case "item":
                    return ReadString(ref reader, name, out _item, out field, out reason);
                case "id":
                    return ReadString(ref reader, name, out _id, out field, out reason);
                case "type":
                    return ReadType(ref reader, out field, out reason);
                case "value":
                    return ReadValue(ref reader, out field, out reason);
                case "timestamp":
                    return ReadTimestamp(ref reader, out field, out reason);
                case "context":
                    return ReadContext(ref reader, out field, out reason);
                default:
                    reader.Skip();
                    return true;
            }
        }

        public readonly bool TryBuild(out InteractionEvent parsed, out string field, out string reason)
        {
            parsed = default;
            if (RecoLimits.ValidateUserId(_user) is { } userError)
            {
                return Fail("user", userError, out field, out reason);
            }

            if (string.IsNullOrEmpty(_item))
            {
                return Fail("item", "The item id is required.", out field, out reason);
            }

            (field, reason) = ("", "");
            parsed = new InteractionEvent(_user!, new Interaction(_item, _type ?? InteractionType.Click, _value, _timestamp, _context), _id);
            return true;
        }

        /// <summary>Reads <c>{"device","locale","localHour"}</c>; the grain checks the values as for the gateway.</summary>
        private bool ReadContext(ref Utf8JsonReader reader, out string field, out string reason)
        {
            (field, reason) = ("", "");
            if (reader.TokenType == JsonTokenType.Null)
            {
                return true;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Fail("context", "'context' must be an object.", out field, out reason);
            }

            string? device = null, locale = null;
            int? hour = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("device"u8))
                {
                    reader.Read();
                    if (!ReadString(ref reader, "context.device", out device, out field, out reason))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("locale"u8))
                {
                    reader.Read();
                    if (!ReadString(ref reader, "context.locale", out locale, out field, out reason))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("localHour"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var h))
                        {
                            return Fail("context.localHour", "'context.localHour' must be an integer.", out field, out reason);
                        }

                        hour = h;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            _context = device is null && locale is null && hour is null ? null : new RecommendationContext(device, locale, hour);
            return true;
        }

        private static bool ReadString(ref Utf8JsonReader reader, string name, out string? value, out string field, out string reason)
        {
            value = null;
            if (reader.TokenType == JsonTokenType.Null)
            {
                (field, reason) = ("", "");
                return true;
            }

            if (reader.TokenType != JsonTokenType.String)
            {
                return Fail(name, $"'{name}' must be a string.", out field, out reason);
            }

            value = reader.GetString();
            (field, reason) = ("", "");
            return true;
        }

        private bool ReadType(ref Utf8JsonReader reader, out string field, out string reason)
        {
            if (!ReadString(ref reader, "type", out var text, out field, out reason))
            {
                return false;
            }

            if (text is null)
            {
                return true;
            }

            if (!Enum.TryParse<InteractionType>(text, ignoreCase: true, out var type) || !Enum.IsDefined(type) || char.IsDigit(text[0]))
            {
                return Fail("type", $"Unknown interaction type '{Truncate(text)}'.", out field, out reason);
            }

            _type = type;
            return true;
        }

        private bool ReadValue(ref Utf8JsonReader reader, out string field, out string reason)
        {
            (field, reason) = ("", "");
            if (reader.TokenType == JsonTokenType.Null)
            {
                return true;
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value))
            {
                return Fail("value", "'value' must be a number.", out field, out reason);
            }

            _value = (float)value;
            return true;
        }

        private bool ReadTimestamp(ref Utf8JsonReader reader, out string field, out string reason)
        {
            (field, reason) = ("", "");
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return true;
                case JsonTokenType.Number when reader.TryGetInt64(out var millis) && millis is >= -62_135_596_800_000 and <= 253_402_300_799_999:
                    _timestamp = DateTimeOffset.FromUnixTimeMilliseconds(millis);
                    return true;
                case JsonTokenType.String when DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at):
                    _timestamp = at;
                    return true;
                default:
                    return Fail("timestamp", "'timestamp' must be Unix milliseconds or an ISO 8601 string.", out field, out reason);
            }
        }

        private static string Truncate(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
    }
}
