namespace OrleansReco.Deployment.Tests;

/// <summary><c>.dockerignore</c>: what stays out of the build context.</summary>
public sealed class DockerIgnoreTests
{
    [Theory]
    [InlineData("src/OrleansReco.Silo/bin/Release/net10.0/OrleansReco.Silo.dll")]
    [InlineData("src/OrleansReco.Silo/obj/project.assets.json")]
    [InlineData("src/OrleansReco.Hosting/obj/Release/net10.0/OrleansReco.Hosting.dll")]
    [InlineData("tests/OrleansReco.Cluster.Tests/bin/Debug/net10.0/OrleansReco.Cluster.Tests.dll")]
    [InlineData("bin/x.dll")]
    [InlineData("obj/x.json")]
    [InlineData("TestResults/run.trx")]
    [InlineData("tools/azurite/node_modules/.bin/azurite-table")]
    [InlineData(".local-cluster/silo-1.log")]
    [InlineData("models/towers.orm")]
    [InlineData("src/OrleansReco.Silo/catalog.orm")]
    [InlineData("src/OrleansReco.Silo/catalog.hnsw")]
    public void Build_outputs_local_tools_and_state_stay_out_of_the_context(string path) =>
        Assert.True(PathPatterns.LoadDockerIgnore().Matches(path), $"{path} would be sent to the build");

    [Fact]
    public void Path_patterns_follow_dockers_matching_rules()
    {
        var patterns = PathPatterns.Parse(["# comment", "bin/", "**/obj", "*.log", "/docs/*.md", "!docs/keep.md", "a?c"]);

        Assert.True(patterns.Matches("bin/x.dll")); // a folder excludes its content
        Assert.False(patterns.Matches("src/bin/x.dll")); // without **/ a pattern matches at the root only
        Assert.True(patterns.Matches("obj"));
        Assert.True(patterns.Matches("src/a/obj/x.json"));
        Assert.True(patterns.Matches("x.log"));
        Assert.False(patterns.Matches("src/x.log")); // * stays within one segment
        Assert.True(patterns.Matches("docs/readme.md"));
        Assert.False(patterns.Matches("docs/keep.md")); // ! re-includes, the last match wins
        Assert.True(patterns.Matches("abc"));
        Assert.False(patterns.Matches("abbc"));
        Assert.False(patterns.Matches("# comment"));
    }
}
