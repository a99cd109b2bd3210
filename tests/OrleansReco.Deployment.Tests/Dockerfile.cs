using System.Text.Json;

namespace OrleansReco.Deployment.Tests;

/// <summary>One instruction: keyword (upper case) and its arguments, continuation lines joined.</summary>
internal sealed record Instruction(string Keyword, string Arguments, int Line)
{
    /// <summary>The arguments in exec (JSON array) form, or null when written in shell form.</summary>
    public string[]? ExecForm(string? after = null)
    {
        var text = after is null ? Arguments : Arguments[(Arguments.IndexOf(after, StringComparison.Ordinal) + after.Length)..];
        text = text.Trim();
        if (!text.StartsWith('['))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<string[]>(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Whitespace-separated words, <c>--flags</c> first removed.</summary>
    public string[] Words(bool withoutFlags = true) =>
        Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(w => !withoutFlags || !w.StartsWith("--", StringComparison.Ordinal)).ToArray();
}

/// <summary>A build stage: from one <c>FROM</c> to the next.</summary>
internal sealed record Stage(string BaseImage, string? Name, IReadOnlyList<Instruction> Instructions)
{
    public IEnumerable<Instruction> All(string keyword) => Instructions.Where(i => i.Keyword == keyword);

    public Instruction? Last(string keyword) => All(keyword).LastOrDefault();
}

/// <summary>A Dockerfile read line by line: comments and blank lines dropped, <c>\</c> continuations joined, split into stages.</summary>
internal sealed class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<Stage> stages) => (Path, Stages) = (path, stages);

    /// <summary>Path relative to the repository root.</summary>
    public string Path { get; }

    public IReadOnlyList<Stage> Stages { get; }

    /// <summary>The stage that becomes the image: the last one.</summary>
    public Stage Runtime => Stages[^1];

    public static Dockerfile Load(string relativePath) => Parse(relativePath, File.ReadAllLines(Repository.PathOf(relativePath)));

    public static Dockerfile Parse(string path, IEnumerable<string> lines)
    {
        var stages = new List<Stage>();
        List<Instruction>? current = null;
        string? image = null, name = null;
        foreach (var instruction in Instructions(lines))
        {
            if (instruction.Keyword == "FROM")
            {
                if (current is not null)
                {
                    stages.Add(new(image!, name, current));
                }

                var words = instruction.Words();
                (image, name, current) = (words[0], words.Length >= 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null, []);
            }
            else
            {
                (current ?? throw new InvalidDataException($"{path}:{instruction.Line}: {instruction.Keyword} before FROM.")).Add(instruction);
            }
        }

        if (current is null)
        {
            throw new InvalidDataException($"{path}: no FROM.");
        }

        stages.Add(new(image!, name, current));
        return new(path, stages);
    }

    private static IEnumerable<Instruction> Instructions(IEnumerable<string> lines)
    {
        var text = new List<string>();
        var start = 0;
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue; // comments may also sit between continuation lines
            }

            if (text.Count == 0)
            {
                start = number;
            }

            var continues = line.EndsWith('\\');
            text.Add(continues ? line[..^1].Trim() : line);
            if (!continues)
            {
                yield return Make(string.Join(' ', text), start);
                text.Clear();
            }
        }

        if (text.Count > 0)
        {
            yield return Make(string.Join(' ', text), start);
        }

        static Instruction Make(string text, int line)
        {
            var space = text.IndexOfAny([' ', '\t']);
            return space < 0 ? new(text.ToUpperInvariant(), "", line) : new(text[..space].ToUpperInvariant(), text[(space + 1)..].Trim(), line);
        }
    }
}
