using OrleansReco.GatewayHost;

try
{
    var app = GatewayHost.Build(args);
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or IOException or Microsoft.Extensions.Options.OptionsValidationException)
{
    // Configuration problems and an unreachable cluster: one clear line instead of a stack trace.
    await Console.Error.WriteLineAsync($"OrleansReco.GatewayHost: {e.Message}");
    return 1;
}

/// <summary>Entry point; public so tests can reference the host assembly.</summary>
public partial class Program;
