namespace OrleansReco.Abstractions;

/// <summary>A validation problem with one input field, e.g. <c>interactions[3].itemId</c>.</summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.FieldError")]
public sealed record FieldError([property: Id(0)] string Field, [property: Id(1)] string Message);
