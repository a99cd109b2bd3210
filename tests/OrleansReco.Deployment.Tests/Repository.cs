namespace OrleansReco.Deployment.Tests;

/// <summary>Files of the repository, found from the test binaries.</summary>
internal static class Repository
{
    /// <summary>The folder holding <c>OrleansReco.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>An absolute path from a path relative to the root (either separator).</summary>
    public static string PathOf(string relative) => Path.GetFullPath(Path.Combine(Root, relative.Replace('\\', '/')));

    /// <summary>A path relative to the root, with forward slashes.</summary>
    public static string Relative(string absolute) => Path.GetRelativePath(Root, absolute).Replace('\\', '/');

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
