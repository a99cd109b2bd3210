using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point: <c>dotnet run -c Release --project load-tests/OrleansReco.Benchmarks -- --filter '*OnlineUpdate*'</c>.</summary>
public partial class Program;
