namespace OrleansReco.Abstractions;

/// <summary>
/// What changed from the previous model version to this one, shipped with the catalog snapshot so every user grain can
/// move its state: the previous version's item ids (its replay buffer holds indices into them) and whether the new
/// model's vectors were aligned to the previous space.
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansReco.ModelRollover")]
public sealed record ModelRollover(
    [property: Id(0)] long PreviousModelVersion,
    [property: Id(1)] string[] PreviousItemIds,
    [property: Id(2)] ModelAlignmentInfo Alignment);

/// <summary>The outcome of aligning a published model to the one served before it.</summary>
/// <param name="PreviousModelVersion">The model version served before the publish.</param>
/// <param name="Requested">Alignment was asked for.</param>
/// <param name="Aligned">The new model's item vectors and tower outputs were rotated into the previous model's space.</param>
/// <param name="SharedItems">Items in both models (by id).</param>
/// <param name="MinimumSharedItems">Shared items alignment needs (at least the dimension d).</param>
/// <param name="RelativeResidual">‖V_new R − V_old‖ / ‖V_old‖ over the shared items when aligned (0: a pure rotation).</param>
/// <param name="Message">What happened, in words.</param>
[GenerateSerializer, Immutable, Alias("OrleansReco.ModelAlignmentInfo")]
public sealed record ModelAlignmentInfo(
    [property: Id(0)] long PreviousModelVersion,
    [property: Id(1)] bool Requested,
    [property: Id(2)] bool Aligned,
    [property: Id(3)] int SharedItems,
    [property: Id(4)] int MinimumSharedItems,
    [property: Id(5)] float? RelativeResidual,
    [property: Id(6)] string Message);
