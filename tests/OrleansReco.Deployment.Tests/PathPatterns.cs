using System.Text;
using System.Text.RegularExpressions;

namespace OrleansReco.Deployment.Tests;

/// <summary>
/// Path patterns with Docker's matching rules, as in <c>.dockerignore</c> (and, without <c>!</c>, COPY sources): patterns are relative to the context root (a leading <c>/</c> and
/// a trailing <c>/</c> change nothing), <c>*</c> and <c>?</c> stay within one path segment, <c>**</c> spans any number
/// of segments, a pattern that matches a folder excludes everything in it, <c>!</c> re-includes, the last match wins.
/// </summary>
internal sealed class PathPatterns
{
    private readonly IReadOnlyList<(Regex Pattern, bool Exclude)> _rules;

    private PathPatterns(IReadOnlyList<(Regex, bool)> rules) => _rules = rules;

    public const string DockerIgnore = ".dockerignore";

    public static PathPatterns LoadDockerIgnore() => Parse(File.ReadAllLines(Repository.PathOf(DockerIgnore)));

    public static PathPatterns Parse(IEnumerable<string> lines) => new(lines
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => l.StartsWith('!') ? (l[1..].Trim(), false) : (l, true))
        .Select(r => (ToRegex(Clean(r.Item1)), r.Item2))
        .ToList());

    /// <summary>True when the last pattern matching this path (or a folder above it) is not a <c>!</c> pattern.</summary>
    public bool Matches(string relativePath)
    {
        var path = Clean(relativePath);
        var excluded = false;
        foreach (var (pattern, exclude) in _rules)
        {
            if (Candidates(path).Any(pattern.IsMatch))
            {
                excluded = exclude;
            }
        }

        return excluded;
    }

    // The path itself and each folder above it: excluding a folder excludes its content.
    private static IEnumerable<string> Candidates(string path)
    {
        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }

        yield return path;
    }

    private static string Clean(string pattern) => string.Join('/', pattern.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != "."));

    private static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '*' when i + 1 < pattern.Length && pattern[i + 1] == '*':
                    var slashFollows = i + 2 < pattern.Length && pattern[i + 2] == '/';
                    regex.Append(slashFollows ? "(.*/)?" : ".*");
                    i += slashFollows ? 2 : 1;
                    break;
                case '*':
                    regex.Append("[^/]*");
                    break;
                case '?':
                    regex.Append("[^/]");
                    break;
                default:
                    regex.Append(Regex.Escape(pattern[i].ToString()));
                    break;
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
