using System.Globalization;

namespace OrleansReco.Training.Data;

/// <summary>Orders ids numerically when both are integers (integers first), otherwise ordinally.</summary>
internal sealed class IdComparer : IComparer<string>
{
    public static readonly IdComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var xNumeric = long.TryParse(x, NumberStyles.Integer, CultureInfo.InvariantCulture, out var xValue);
        var yNumeric = long.TryParse(y, NumberStyles.Integer, CultureInfo.InvariantCulture, out var yValue);
        if (xNumeric && yNumeric)
        {
            var byValue = xValue.CompareTo(yValue);
            return byValue != 0 ? byValue : string.CompareOrdinal(x, y);
        }

        if (xNumeric != yNumeric)
        {
            return xNumeric ? -1 : 1;
        }

        return string.CompareOrdinal(x, y);
    }
}
