namespace OrleansReco.TestServices;

/// <summary>Locations in the repository, found from the test binaries.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding <c>OrleansReco.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OrleansReco.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No OrleansReco.sln above {AppContext.BaseDirectory}.");
    }
}
