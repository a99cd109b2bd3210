using System.Globalization;

namespace OrleansReco.Training.Commands;

/// <summary>Parsed <c>--name value</c> options and <c>--flag</c> switches of one command.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    private CommandLine()
    {
    }

    /// <summary>Parses the arguments after the command name. Throws <see cref="UsageException"/> on a stray argument.</summary>
    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlySet<string> flags)
    {
        ArgumentNullException.ThrowIfNull(args);
        var line = new CommandLine();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"Unexpected argument '{arg}'.");
            }

            var name = arg[2..];
            string? value = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (!flags.Contains(name))
            {
                if (i + 1 >= args.Count)
                {
                    throw new UsageException($"Option --{name} needs a value.");
                }

                value = args[++i];
            }

            line._options[name] = value;
        }

        return line;
    }

    /// <summary>True when the switch was given.</summary>
    public bool Flag(string name)
    {
        _read.Add(name);
        return _options.ContainsKey(name);
    }

    /// <summary>The option's value, or null.</summary>
    public string? Optional(string name)
    {
        _read.Add(name);
        return _options.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>The option's value; throws <see cref="UsageException"/> when missing.</summary>
    public string Required(string name) => Optional(name) ?? throw new UsageException($"Option --{name} is required.");

    /// <summary>An integer option.</summary>
    public int Int(string name, int fallback) => Number(name, fallback, s => int.Parse(s, CultureInfo.InvariantCulture));

    /// <summary>A 64-bit integer option.</summary>
    public long Long(string name, long fallback) => Number(name, fallback, s => long.Parse(s, CultureInfo.InvariantCulture));

    /// <summary>A floating-point option.</summary>
    public float Float(string name, float fallback) => Number(name, fallback, s => float.Parse(s, CultureInfo.InvariantCulture));

    /// <summary>Throws <see cref="UsageException"/> for options no one read (typos).</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new UsageException($"Unknown option(s): {string.Join(", ", unknown.Select(k => "--" + k))}.");
        }
    }

    private T Number<T>(string name, T fallback, Func<string, T> parse)
    {
        var text = Optional(name);
        if (text is null)
        {
            return fallback;
        }

        try
        {
            return parse(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new UsageException($"Option --{name}: '{text}' is not a valid number.");
        }
    }
}

/// <summary>Wrong command-line usage; the message says what is wrong.</summary>
public sealed class UsageException(string message) : Exception(message);
