namespace OrleansReco.Persistence.Tests.Contract;

/// <summary>A grain state shaped like the recommender's: a vector, tags, counters.</summary>
[GenerateSerializer, Alias("OrleansReco.Persistence.Tests.TestState")]
public sealed class TestState
{
    [Id(0)] public float[] Vector { get; set; } = [];

    [Id(1)] public List<string> Tags { get; set; } = [];

    [Id(2)] public long Counter { get; set; }

    [Id(3)] public Dictionary<string, double> Weights { get; set; } = [];

    [Id(4)] public string? Note { get; set; }

    [Id(5)] public DateTime UpdatedUtc { get; set; }

    /// <summary>A state with awkward floats (negative zero, subnormal, extremes, NaN) and random ones.</summary>
    public static TestState Sample(int floats = 64, int seed = 7)
    {
        var random = new Random(seed);
        var vector = new float[floats];
        for (var i = 0; i < floats; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        float[] awkward = [-0.0f, float.Epsilon, float.MaxValue, float.MinValue, float.NaN, 1e-38f, 0.1f, 1f / 3];
        awkward.AsSpan(0, Math.Min(awkward.Length, floats)).CopyTo(vector);
        return new TestState
        {
            Vector = vector,
            Tags = ["sci-fi", "drama", "ünïcødé 日本", ""],
            Counter = long.MaxValue - seed,
            Weights = new() { ["click"] = 0.1, ["like"] = Math.PI, ["tiny"] = double.Epsilon },
            Note = "note #" + seed,
            UpdatedUtc = new DateTime(2026, 11, 23, 13, 41, 7, DateTimeKind.Utc).AddTicks(1234567),
        };
    }
}
