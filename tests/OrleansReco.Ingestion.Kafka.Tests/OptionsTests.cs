namespace OrleansReco.Ingestion.Kafka.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Disabled_by_default_and_then_nothing_is_required()
    {
        var options = new KafkaIngestionOptions();
        Assert.False(options.Enabled);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Enabled_without_brokers_or_topic_names_both()
    {
        var errors = new KafkaIngestionOptions { Enabled = true }.Validate();
        Assert.Contains(errors, e => e.Contains("BootstrapServers", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Topic", StringComparison.Ordinal));
    }

    [Fact]
    public void Dead_letters_default_to_a_sibling_topic_and_may_not_be_the_source()
    {
        var options = new KafkaIngestionOptions { Enabled = true, BootstrapServers = "b:9092", Topic = "events" };
        Assert.Equal("events.dead-letter", options.EffectiveDeadLetterTopic);
        Assert.Empty(options.Validate());

        options.DeadLetterTopic = "events";
        Assert.Contains(options.Validate(), e => e.Contains("DeadLetterTopic", StringComparison.Ordinal));
    }

    [Fact]
    public void A_grain_call_holds_at_most_a_thousand_events()
    {
        var options = new KafkaIngestionOptions { Enabled = true, BootstrapServers = "b:9092", Topic = "events", MaxEventsPerGrainCall = 1001 };
        Assert.Contains(options.Validate(), e => e.Contains("MaxEventsPerGrainCall", StringComparison.Ordinal));
    }
}
