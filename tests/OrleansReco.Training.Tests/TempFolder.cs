using System.Text;

namespace OrleansReco.Training.Tests;

/// <summary>A temporary directory deleted on dispose, with helpers to write data files.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "orleansreco-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string name, string content, Encoding? encoding = null)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, content, encoding ?? new UTF8Encoding(false));
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
