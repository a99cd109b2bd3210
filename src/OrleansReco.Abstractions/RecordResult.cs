namespace OrleansReco.Abstractions;

/// <summary>Outcome of a batch of interactions: all accepted and stored, or none (then <see cref="Errors"/> says why).</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.RecordResult")]
public sealed record RecordResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] IReadOnlyList<FieldError> Errors,
    [property: Id(2)] long InteractionCount,
    [property: Id(3)] float DriftCosine,
    [property: Id(4)] bool Drifted,
    [property: Id(5)] long ModelVersion)
{
    /// <summary>True when the whole batch was stored.</summary>
    public bool IsAccepted => Errors.Count == 0;

    /// <summary>A rejected batch.</summary>
    public static RecordResult Rejected(IReadOnlyList<FieldError> errors) => new(0, errors, 0, 0, false, 0);
}
