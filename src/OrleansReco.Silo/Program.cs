using OrleansReco.Silo;

var app = EmbeddedHost.Build(args);
await app.RunAsync();

/// <summary>Entry point; public so tests can reference the host assembly.</summary>
public partial class Program;
