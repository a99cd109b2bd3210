namespace OrleansReco.Persistence.Tests.Fixtures;

/// <summary>The repository root: the nearest folder above the test binaries that holds <c>scripts/</c> and the solution.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "OrleansReco.sln"))
                && Directory.Exists(System.IO.Path.Combine(dir.FullName, "scripts")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds OrleansReco.sln and scripts/.");
    }
}
