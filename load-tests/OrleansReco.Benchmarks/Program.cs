using BenchmarkDotNet.Running;
using OrleansReco.Benchmarks.UserMemory;

if (args is ["user-memory", ..])
{
    return await UserMemoryCommand.RunAsync(args.AsMemory(1), Console.Out);
}

if (args is ["heap-types", ..])
{
    return HeapTypesCommand.Run(args.AsSpan(1), Console.Out);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

/// <summary>
/// Entry point: <c>dotnet run -c Release --project load-tests/OrleansReco.Benchmarks -- --filter '*OnlineUpdate*'</c> runs
/// BenchmarkDotNet; <c>-- user-memory --users 100000</c> measures bytes per active user grain (see UserMemory/).
/// </summary>
public partial class Program;
