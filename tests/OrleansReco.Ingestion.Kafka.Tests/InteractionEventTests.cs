using System.Text;
using OrleansReco.Abstractions;

namespace OrleansReco.Ingestion.Kafka.Tests;

/// <summary>The topic's compact JSON: what is read, and what is poison (with the field named).</summary>
public sealed class InteractionEventTests
{
    [Fact]
    public void A_full_event_is_read_with_every_field()
    {
        var ok = Parse("""{"user":"alice","item":"item-4","type":"Rating","value":4.5,"timestamp":1700000000000,"id":"e-1","extra":{"ignored":[1]}}""",
            out var parsed, out _, out _);

        Assert.True(ok);
        Assert.Equal("alice", parsed.UserId);
        Assert.Equal("e-1", parsed.EventId);
        Assert.Equal(new Interaction("item-4", InteractionType.Rating, 4.5f, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)), parsed.Interaction);
    }

    [Fact]
    public void Type_defaults_to_click_and_an_iso_timestamp_is_read()
    {
        Assert.True(Parse("""{"user":"bob","item":"item-1","timestamp":"2024-05-01T10:00:00Z"}""", out var parsed, out _, out _));
        Assert.Equal(InteractionType.Click, parsed.Interaction.Type);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), parsed.Interaction.Timestamp);
    }

    [Fact]
    public void A_context_is_read_like_the_gateways_and_unknown_context_fields_are_ignored()
    {
        Assert.True(Parse("""{"user":"c","item":"item-2","context":{"device":"tv","locale":"fr-FR","localHour":21,"os":"x"}}""", out var parsed, out _, out _));
        Assert.True(Parse("""{"user":"c","item":"item-2","context":{"device":null}}""", out var empty, out _, out _));

        Assert.Equal(new RecommendationContext("tv", "fr-FR", 21), parsed.Interaction.Context);
        Assert.Null(empty.Interaction.Context);
    }

    [Theory]
    [InlineData("""{"user":"a","item":"item-1","context":"tv"}""", "context")]
    [InlineData("""{"user":"a","item":"item-1","context":{"device":3}}""", "context.device")]
    [InlineData("""{"user":"a","item":"item-1","context":{"localHour":"nine"}}""", "context.localHour")]
    [InlineData("""{"user":"a","item":""", "json")]
    [InlineData("not json", "json")]
    [InlineData("[1,2]", "json")]
    [InlineData("""{"item":"item-1"}""", "user")]
    [InlineData("""{"user":"  ","item":"item-1"}""", "user")]
    [InlineData("""{"user":"a"}""", "item")]
    [InlineData("""{"user":"a","item":7}""", "item")]
    [InlineData("""{"user":"a","item":"item-1","type":"teleport"}""", "type")]
    [InlineData("""{"user":"a","item":"item-1","type":"3"}""", "type")]
    [InlineData("""{"user":"a","item":"item-1","value":"high"}""", "value")]
    [InlineData("""{"user":"a","item":"item-1","timestamp":"yesterday"}""", "timestamp")]
    [InlineData("""{"user":"a","item":"item-1"} trailing""", "json")]
    public void Unreadable_events_name_the_field_at_fault(string json, string field)
    {
        Assert.False(Parse(json, out _, out var actual, out var reason));
        Assert.Equal(field, actual);
        Assert.False(string.IsNullOrWhiteSpace(reason));
    }

    [Fact]
    public void An_empty_message_is_poison()
    {
        Assert.False(InteractionEvent.TryParse(ReadOnlySpan<byte>.Empty, out _, out var field, out _));
        Assert.Equal("json", field);
    }

    private static bool Parse(string json, out InteractionEvent parsed, out string field, out string reason) =>
        InteractionEvent.TryParse(Encoding.UTF8.GetBytes(json), out parsed, out field, out reason);
}
