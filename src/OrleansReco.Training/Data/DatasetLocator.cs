namespace OrleansReco.Training.Data;

/// <summary>
/// Finds a MovieLens folder by name: first under <c>$ORLEANSRECO_DATASETS</c>, then under <c>../shared/datasets</c>
/// relative to the repository root (the folder holding OrleansReco.sln, searched upward from the current directory
/// and from the application's directory).
/// </summary>
public static class DatasetLocator
{
    /// <summary>The environment variable naming a folder that holds data sets (e.g. ml-100k/).</summary>
    public const string EnvironmentVariable = "ORLEANSRECO_DATASETS";

    /// <summary>The folder of data set <paramref name="name"/>, or null when it is nowhere to be found.</summary>
    public static string? Find(string name)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var candidate = Path.Combine(fromEnvironment, name);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }

            if (Path.GetFileName(Path.TrimEndingDirectorySeparator(fromEnvironment)) == name && Directory.Exists(fromEnvironment))
            {
                return fromEnvironment;
            }
        }

        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "OrleansReco.sln")))
                {
                    var candidate = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "datasets", name));
                    if (Directory.Exists(candidate))
                    {
                        return candidate;
                    }

                    break;
                }
            }
        }

        return null;
    }
}
