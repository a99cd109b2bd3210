using System.Globalization;

namespace OrleansReco.LoadTests;

/// <summary>A bad command line: unknown option, missing or malformed value.</summary>
public sealed class CommandLineException(string message) : Exception(message);

/// <summary>
/// <c>--name value</c> and <c>--flag</c> options of one command. A command reads what it knows;
/// <see cref="ThrowIfUnused"/> then reports any option it did not read (a typo).
/// </summary>
public sealed class CommandArguments
{
    private readonly Dictionary<string, string?> _values;
    private readonly HashSet<string> _read = new(StringComparer.OrdinalIgnoreCase);

    private CommandArguments(Dictionary<string, string?> values) => _values = values;

    /// <summary>Parses options; a value that starts with "--" is never taken as another option's value.</summary>
    public static CommandArguments Parse(ReadOnlySpan<string> args)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-'))
            {
                throw new CommandLineException($"unexpected argument '{arg}' (options look like --name value).");
            }

            var name = arg.TrimStart('-');
            string? value = null;
            var equals = name.IndexOf('=');
            if (equals >= 0)
            {
                value = name[(equals + 1)..];
                name = name[..equals];
            }
            else if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }

            if (!values.TryAdd(name, value))
            {
                throw new CommandLineException($"option --{name} is given twice.");
            }
        }

        return new CommandArguments(values);
    }

    /// <summary>True when the option is present (with or without a value).</summary>
    public bool Has(string name)
    {
        _read.Add(name);
        return _values.ContainsKey(name);
    }

    /// <summary>A flag: present means true.</summary>
    public bool Flag(string name)
    {
        if (!Has(name))
        {
            return false;
        }

        return _values[name] switch
        {
            null or "true" or "1" => true,
            "false" or "0" => false,
            var other => throw new CommandLineException($"--{name} is a flag; '{other}' is not true/false."),
        };
    }

    /// <summary>A string option, or <paramref name="fallback"/> when absent.</summary>
    public string? String(string name, string? fallback = null)
    {
        if (!Has(name))
        {
            return fallback;
        }

        return _values[name] ?? throw new CommandLineException($"--{name} needs a value.");
    }

    /// <summary>An integer option (underscores allowed: 1_000_000).</summary>
    public int Int(string name, int fallback, int min = int.MinValue)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            throw new CommandLineException($"--{name} must be an integer ≥ {min}, got '{text}'.");
        }

        return value;
    }

    /// <summary>A number option.</summary>
    public double Double(string name, double fallback, double min = double.MinValue, double max = double.MaxValue)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new CommandLineException($"--{name} must be a number in [{min}, {max}], got '{text}'.");
        }

        return value;
    }

    /// <summary>A comma-separated list of positive integers.</summary>
    public int[] IntList(string name, int[] fallback)
    {
        var text = String(name);
        if (text is null)
        {
            return fallback;
        }

        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] < 1)
            {
                throw new CommandLineException($"--{name} must be a comma-separated list of positive integers, got '{text}'.");
            }
        }

        return values.Length > 0 ? values : throw new CommandLineException($"--{name} is empty.");
    }

    /// <summary>Throws naming the options the command never read.</summary>
    public void ThrowIfUnused()
    {
        var unused = _values.Keys.Where(k => !_read.Contains(k)).ToArray();
        if (unused.Length > 0)
        {
            throw new CommandLineException($"unknown option(s): {string.Join(", ", unused.Select(u => "--" + u))}.");
        }
    }
}
