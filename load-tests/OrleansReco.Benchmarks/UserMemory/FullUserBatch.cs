using OrleansReco.Abstractions;

namespace OrleansReco.Benchmarks.UserMemory;

/// <summary>
/// The batch that fills a user's state: <see cref="Size"/> distinct liked items, so with a replay capacity of 32 and a
/// seen capacity of 64 the replay ring and the seen set are full, and past the drift warm-up the baseline is set.
/// </summary>
public static class FullUserBatch
{
    /// <summary>Interactions in the batch (distinct items).</summary>
    public const int Size = 64;

    /// <summary>
    /// The batch of user <paramref name="user"/> over a demo catalog of <paramref name="items"/> items (ids <c>item-1</c>…).
    /// Every id is a new string, as when the batch arrives deserialized from a client, so the measurement does not profit
    /// from strings shared with the caller.
    /// </summary>
    public static List<Interaction> For(int user, int items)
    {
        var batch = new List<Interaction>(Size);
        var start = (int)((uint)user * 2654435761u % (uint)items);
        var stride = items > Size ? items / Size : 1;
        for (var k = 0; k < Size; k++)
        {
            var index = ((start + (k * stride)) % items) + 1;
            batch.Add(new Interaction(string.Concat("item-", index.ToString(System.Globalization.CultureInfo.InvariantCulture)), InteractionType.Like));
        }

        return batch;
    }
}
