using Microsoft.Extensions.Options;
using OrleansReco.Silo;

try
{
    var app = EmbeddedHost.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is InvalidDataException or FileNotFoundException or OptionsValidationException or InvalidOperationException or IOException)
{
    // Configuration and model-file problems, or a port in use: one clear line instead of a stack trace.
    await Console.Error.WriteLineAsync($"OrleansReco.Silo: {e.Message}");
    return 1;
}

/// <summary>Entry point; public so tests can reference the host assembly.</summary>
public partial class Program;
