using System.Xml.Linq;
using OrleansReco.Hosting;

namespace OrleansReco.Deployment.Tests;

/// <summary>The Dockerfiles the compose services are built from, read line by line.</summary>
public sealed class DockerfileTests
{
    private readonly ComposeStack _stack = ComposeStack.Load();

    private IEnumerable<(ComposeService Service, Dockerfile Dockerfile)> Built =>
        _stack.Services.Values.Where(s => s.Build is not null).Select(s => (s, ComposeStack.DockerfileOf(s)!));

    [Fact]
    public void Every_build_points_at_an_existing_Dockerfile_in_its_context()
    {
        var builds = _stack.Services.Values.Where(s => s.Build is not null).ToList();
        Assert.NotEmpty(builds);
        foreach (var service in builds)
        {
            var (context, dockerfile) = service.Build!.Value;
            Assert.True(Directory.Exists(Repository.PathOf(context)), $"{service.Name}: no build context {context}");
            Assert.True(File.Exists(Repository.PathOf(dockerfile)), $"{service.Name}: no Dockerfile {dockerfile}");
            Assert.Equal(".", context); // the build reads Directory.*.props and cluster-config/ at the root
        }
    }

    [Fact]
    public void Images_build_on_the_sdk_and_run_on_aspnet_of_the_target_framework()
    {
        var framework = XDocument.Load(Repository.PathOf("Directory.Build.props")).Descendants("TargetFramework").Single().Value; // net10.0
        var version = framework["net".Length..];
        foreach (var (service, dockerfile) in Built)
        {
            Assert.True(dockerfile.Stages.Count >= 2, $"{dockerfile.Path}: not a multi-stage build");
            Assert.Equal($"mcr.microsoft.com/dotnet/sdk:{version}", BuildStage(dockerfile).BaseImage);
            Assert.Equal($"mcr.microsoft.com/dotnet/aspnet:{version}", dockerfile.Runtime.BaseImage);
        }
    }

    [Fact]
    public void Build_stage_restores_then_publishes_the_host_in_Release_without_restoring_again()
    {
        foreach (var (_, dockerfile) in Built)
        {
            var runs = BuildStage(dockerfile).All("RUN").ToList();
            var restore = runs.FindIndex(r => r.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
            var publish = runs.FindIndex(r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
            Assert.True(restore >= 0 && publish > restore, $"{dockerfile.Path}: dotnet restore must come before dotnet publish");
            var words = Publish(dockerfile).Words;
            Assert.Contains("--no-restore", words);
            Assert.Equal("Release", After(words, "-c", "--configuration"));
            Assert.Equal(Publish(dockerfile).Project.Path, Word(runs[restore], "restore"));
        }
    }

    [Fact]
    public void Build_stage_copies_every_file_the_publish_reads()
    {
        foreach (var (_, dockerfile) in Built)
        {
            var stage = BuildStage(dockerfile);
            Assert.Equal("/src", stage.Last("WORKDIR")?.Arguments); // sources keep the context's layout under /src
            var copied = PathPatterns.Parse(stage.All("COPY").Where(c => !c.Arguments.Contains("--from=", StringComparison.Ordinal)).SelectMany(c => c.Words()[..^1]));

            var missing = Inputs(Publish(dockerfile).Project).Where(f => !copied.Matches(f)).ToList();

            Assert.True(missing.Count == 0, $"{dockerfile.Path} does not copy {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public void Dockerignore_keeps_every_file_the_publish_reads_in_the_context()
    {
        var ignore = PathPatterns.LoadDockerIgnore();
        foreach (var (_, dockerfile) in Built)
        {
            var ignored = Inputs(Publish(dockerfile).Project).Where(ignore.Matches).ToList();

            Assert.True(ignored.Count == 0, $".dockerignore leaves out what {dockerfile.Path} builds from: {string.Join(", ", ignored)}");
        }
    }

    [Fact]
    public void The_profile_a_container_selects_ships_in_its_image()
    {
        foreach (var (service, dockerfile) in Built)
        {
            var profile = ComposeStack.ConfigurationOf(service)[ComposeStack.ProfileKey] ?? HostProfile.DefaultProfile;
            var published = Publish(dockerfile).Project.PublishedContent.SelectMany(MsBuildProject.Expand).ToHashSet();

            Assert.Contains($"cluster-config/{profile}/appsettings.json", published);
            Assert.Contains("cluster-config/appsettings.json", published);
        }
    }

    [Fact]
    public void Runtime_stage_runs_as_a_non_root_user()
    {
        foreach (var (_, dockerfile) in Built)
        {
            var user = dockerfile.Runtime.Last("USER")?.Arguments.Split(':')[0].Trim();

            Assert.False(user is null or "root" or "0", $"{dockerfile.Path}: the runtime stage runs as {user ?? "root (no USER)"}");
        }
    }

    [Fact]
    public void Runtime_stage_exposes_the_http_port_and_a_silo_image_its_orleans_ports()
    {
        foreach (var (service, dockerfile) in Built)
        {
            var exposed = dockerfile.Runtime.All("EXPOSE").SelectMany(e => e.Words()).Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();

            Assert.Contains(ComposeStack.HttpPort(service), exposed);
            if (_stack.Silos.Contains(service))
            {
                var cluster = HostProfile.Cluster(ComposeStack.ConfigurationOf(service));
                Assert.Contains(cluster.SiloPort, exposed);
                Assert.Contains(cluster.GatewayPort, exposed);
            }
        }
    }

    [Fact]
    public void Runtime_stage_checks_health_on_the_http_port()
    {
        foreach (var (service, dockerfile) in Built)
        {
            var check = dockerfile.Runtime.Last("HEALTHCHECK")?.Arguments ?? "";

            Assert.Contains("/health", check, StringComparison.Ordinal);
            Assert.Contains($"{ComposeStack.HttpPort(service)}", check, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Entrypoint_runs_the_dll_the_build_stage_publishes()
    {
        foreach (var (_, dockerfile) in Built)
        {
            var publish = Publish(dockerfile);
            var output = After(publish.Words, "-o", "--output");
            var runtime = dockerfile.Runtime;
            var workdir = runtime.Last("WORKDIR")?.Arguments;

            Assert.Equal(Path.GetDirectoryName(dockerfile.Path)!.Replace('\\', '/'), publish.Project.Folder); // a Dockerfile sits beside its project
            Assert.Equal(["dotnet", $"{publish.Project.AssemblyName}.dll"], runtime.Last("ENTRYPOINT")?.ExecForm() ?? []);
            // The published folder lands in the working folder, where "dotnet X.dll" looks for it.
            Assert.Contains(runtime.All("COPY"), c =>
            {
                var (words, destination) = (c.Words(), c.Words()[^1].TrimEnd('/'));
                return c.Arguments.StartsWith($"--from={BuildStage(dockerfile).Name} ", StringComparison.Ordinal)
                    && words[0].TrimEnd('/') == output?.TrimEnd('/')
                    && (destination is "." or "" || destination == workdir?.TrimEnd('/'));
            });
        }
    }

    // The stage dotnet publish runs in.
    private static Stage BuildStage(Dockerfile dockerfile) =>
        dockerfile.Stages.Single(s => s.All("RUN").Any(r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal)));

    private static (MsBuildProject Project, string[] Words) Publish(Dockerfile dockerfile)
    {
        var run = BuildStage(dockerfile).All("RUN").Single(r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        var words = run.Arguments[(run.Arguments.IndexOf("dotnet publish", StringComparison.Ordinal) + "dotnet publish".Length)..]
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return (MsBuildProject.Load(Word(run, "publish")!), words);
    }

    // The first argument after "dotnet <verb>" that is not an option: the project.
    private static string? Word(Instruction run, string verb)
    {
        var words = run.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var at = Array.IndexOf(words, verb);
        return at < 0 ? null : words.Skip(at + 1).FirstOrDefault(w => !w.StartsWith('-'));
    }

    private static string? After(string[] words, params string[] options)
    {
        var at = Array.FindIndex(words, w => options.Contains(w));
        return at >= 0 && at + 1 < words.Length ? words[at + 1] : null;
    }

    // What dotnet publish of the project reads from the repository: build settings, every project it references
    // (project files, sources, imports) and the content it publishes (the configuration profiles).
    private static List<string> Inputs(MsBuildProject host)
    {
        var inputs = new List<string> { "Directory.Build.props", "Directory.Packages.props", ".editorconfig" };
        foreach (var project in host.Closure())
        {
            inputs.Add(project.Path);
            inputs.AddRange(Directory.EnumerateFiles(Repository.PathOf(project.Folder), "*.cs", SearchOption.AllDirectories)
                .Select(Repository.Relative)
                .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal)));
            inputs.AddRange(project.Imports);
            inputs.AddRange(project.PublishedContent.SelectMany(MsBuildProject.Expand));
        }

        return inputs.Distinct().ToList();
    }
}
