using System.Globalization;
using System.Text;
using Confluent.Kafka;

namespace OrleansReco.Ingestion.Kafka;

/// <summary>
/// A poison event on its way to the dead-letter topic: the original key and value bytes unchanged, and headers saying
/// where it came from and why it was refused (so it can be inspected, fixed and replayed).
/// </summary>
internal sealed record DeadLetter(ConsumeResult<byte[]?, byte[]?> Source, string Kind, string Field, string Reason, string? EventId)
{
    /// <summary>Why the event was refused (UTF-8).</summary>
    public const string ReasonHeader = "orleansreco-dead-letter-reason";

    /// <summary>The field at fault: <c>json</c>, <c>user</c>, <c>item</c>, <c>itemId</c>, <c>type</c>, <c>value</c>, <c>timestamp</c>, …</summary>
    public const string FieldHeader = "orleansreco-dead-letter-field";

    /// <summary><c>malformed</c> (not a readable event) or <c>invalid</c> (refused by validation).</summary>
    public const string KindHeader = "orleansreco-dead-letter-kind";

    /// <summary>Source topic, partition and offset (decimal text).</summary>
    public const string TopicHeader = "orleansreco-source-topic";

    /// <inheritdoc cref="TopicHeader"/>
    public const string PartitionHeader = "orleansreco-source-partition";

    /// <inheritdoc cref="TopicHeader"/>
    public const string OffsetHeader = "orleansreco-source-offset";

    /// <summary>The event's <c>id</c>, when it had one.</summary>
    public const string EventIdHeader = "orleansreco-event-id";

    /// <summary>Malformed: the bytes are not a readable event.</summary>
    public const string Malformed = "malformed";

    /// <summary>Invalid: readable, but refused by the same validation the gateway applies.</summary>
    public const string Invalid = "invalid";

    public Message<byte[]?, byte[]?> ToMessage()
    {
        var headers = new Headers
        {
            { ReasonHeader, Encoding.UTF8.GetBytes(Reason) },
            { FieldHeader, Encoding.UTF8.GetBytes(Field) },
            { KindHeader, Encoding.UTF8.GetBytes(Kind) },
            { TopicHeader, Encoding.UTF8.GetBytes(Source.Topic) },
            { PartitionHeader, Encoding.UTF8.GetBytes(Source.Partition.Value.ToString(CultureInfo.InvariantCulture)) },
            { OffsetHeader, Encoding.UTF8.GetBytes(Source.Offset.Value.ToString(CultureInfo.InvariantCulture)) },
        };
        if (EventId is not null)
        {
            headers.Add(EventIdHeader, Encoding.UTF8.GetBytes(EventId));
        }

        return new Message<byte[]?, byte[]?> { Key = Source.Message.Key, Value = Source.Message.Value, Headers = headers };
    }
}
