using System.Xml.Linq;

namespace OrleansReco.Deployment.Tests;

/// <summary>What a project file says about its output and inputs (no MSBuild evaluation: literal items only).</summary>
internal sealed class MsBuildProject
{
    private readonly XDocument _xml;

    private MsBuildProject(string path)
    {
        Path = path;
        _xml = XDocument.Load(Repository.PathOf(path));
    }

    /// <summary>Path relative to the repository root.</summary>
    public string Path { get; }

    public string Folder => System.IO.Path.GetDirectoryName(Path)!.Replace('\\', '/');

    /// <summary><c>AssemblyName</c>, by default the project file's name: the dll <c>dotnet publish</c> produces.</summary>
    public string AssemblyName => Elements("AssemblyName").Select(e => e.Value.Trim()).LastOrDefault(v => v.Length > 0)
        ?? System.IO.Path.GetFileNameWithoutExtension(Path);

    public IEnumerable<MsBuildProject> ProjectReferences => Includes("ProjectReference").Select(Load);

    /// <summary>Imported files (<c>&lt;Import Project=…/&gt;</c>), relative to the root.</summary>
    public IEnumerable<string> Imports => Elements("Import").Select(e => e.Attribute("Project")?.Value).OfType<string>().Select(Resolve);

    /// <summary><c>Content</c> items copied to the publish folder: their include patterns, relative to the root.</summary>
    public IEnumerable<string> PublishedContent => Elements("Content")
        .Where(e => (e.Attribute("CopyToPublishDirectory")?.Value ?? e.Element(e.Name.Namespace + "CopyToPublishDirectory")?.Value) is "Always" or "PreserveNewest")
        .Select(e => e.Attribute("Include")?.Value).OfType<string>().Select(Resolve);

    public static MsBuildProject Load(string path) => new(path);

    /// <summary>This project and every project it references, directly or not.</summary>
    public IReadOnlyList<MsBuildProject> Closure()
    {
        var seen = new Dictionary<string, MsBuildProject>(StringComparer.Ordinal);
        var pending = new Stack<MsBuildProject>([this]);
        while (pending.TryPop(out var project))
        {
            if (seen.TryAdd(project.Path, project))
            {
                foreach (var reference in project.ProjectReferences)
                {
                    pending.Push(reference);
                }
            }
        }

        return seen.Values.ToList();
    }

    /// <summary>Files on disk an include pattern names (<c>dir/**/*.json</c>, <c>dir/*.cs</c> or a plain path).</summary>
    public static IEnumerable<string> Expand(string pattern)
    {
        var wildcard = pattern.IndexOf('*', StringComparison.Ordinal);
        if (wildcard < 0)
        {
            return File.Exists(Repository.PathOf(pattern)) ? [pattern] : [];
        }

        var folder = pattern[..pattern.LastIndexOf('/', wildcard)];
        var recursive = pattern.Contains("**", StringComparison.Ordinal);
        var files = pattern[(pattern.LastIndexOf('/') + 1)..];
        return Directory.Exists(Repository.PathOf(folder))
            ? Directory.EnumerateFiles(Repository.PathOf(folder), files, recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly).Select(Repository.Relative)
            : [];
    }

    private IEnumerable<XElement> Elements(string name) => _xml.Descendants().Where(e => e.Name.LocalName == name);

    private IEnumerable<string> Includes(string item) => Elements(item).Select(e => e.Attribute("Include")?.Value).OfType<string>().Select(Resolve);

    private string Resolve(string relative) => Repository.Relative(Repository.PathOf(System.IO.Path.Combine(Folder, relative.Replace('\\', '/'))));
}
