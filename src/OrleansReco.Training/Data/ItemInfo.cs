namespace OrleansReco.Training.Data;

/// <summary>Catalogue metadata of one item; <paramref name="Categories"/> are genre names.</summary>
public sealed record ItemInfo(string Id, string Title, IReadOnlyList<string> Categories);
