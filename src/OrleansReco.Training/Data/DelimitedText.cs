namespace OrleansReco.Training.Data;

/// <summary>Field splitting for the MovieLens text formats.</summary>
internal static class DelimitedText
{
    /// <summary>
    /// Splits one CSV line (RFC 4180 quoting: a quoted field may hold commas, <c>""</c> is a quote).
    /// Returns null when a quote is left open.
    /// </summary>
    public static List<string>? SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"')
                {
                    current.Append(c);
                }
                else if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    quoted = false;
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        if (quoted)
        {
            return null;
        }

        fields.Add(current.ToString());
        return fields;
    }

    /// <summary>Splits on <paramref name="separator"/>; when that yields the wrong count and the separator is a tab, retries on any whitespace.</summary>
    public static string[] Split(string line, char separator, int expectedFields)
    {
        var fields = line.Split(separator);
        if (fields.Length != expectedFields && separator == '\t')
        {
            var loose = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (loose.Length == expectedFields)
            {
                return loose;
            }
        }

        return fields;
    }
}
