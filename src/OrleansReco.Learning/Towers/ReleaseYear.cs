namespace OrleansReco.Learning.Towers;

/// <summary>The release year MovieLens writes at the end of a title, e.g. "Toy Story (1995)".</summary>
public static class ReleaseYear
{
    /// <summary>The year in the last "(yyyy" group of <paramref name="title"/>, or null when there is none.</summary>
    public static int? FromTitle(string? title)
    {
        var text = title.AsSpan();
        for (var open = text.LastIndexOf('('); open >= 0; open = text[..open].LastIndexOf('('))
        {
            var rest = text[(open + 1)..];
            if (rest.Length >= 4 && char.IsAsciiDigit(rest[0]) && char.IsAsciiDigit(rest[1]) && char.IsAsciiDigit(rest[2]) && char.IsAsciiDigit(rest[3])
                && (rest.Length == 4 || !char.IsAsciiDigit(rest[4])))
            {
                var year = ((rest[0] - '0') * 1000) + ((rest[1] - '0') * 100) + ((rest[2] - '0') * 10) + (rest[3] - '0');
                return year is >= 1800 and <= 2200 ? year : null;
            }
        }

        return null;
    }
}
