namespace OrleansReco.Training.Data;

/// <summary>A data file is malformed; the message names the file and the 1-based line number.</summary>
public sealed class DatasetFormatException : IOException
{
    /// <summary>Creates the exception for <paramref name="filePath"/> at <paramref name="lineNumber"/> (0 when not line-specific).</summary>
    public DatasetFormatException(string filePath, int lineNumber, string problem)
        : base(lineNumber > 0 ? $"{filePath}:{lineNumber}: {problem}" : $"{filePath}: {problem}")
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>The file that is malformed.</summary>
    public string FilePath { get; }

    /// <summary>1-based line number, or 0 when the problem concerns the whole file.</summary>
    public int LineNumber { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }
}
