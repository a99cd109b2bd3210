namespace OrleansReco.Training.Data;

/// <summary>Demographics of one user (ml-100k's u.user); absent for formats without a user file.</summary>
public sealed record UserInfo(string Id, int Age, string Gender, string Occupation, string ZipCode);
