using OrleansReco.LoadTests.Cli;

// Commands and their options: Cli/LoadTestCli.cs; `--help` on any command lists them.
return await LoadTestCli.RunAsync(args, ProgressDisplay.ForConsole(), Console.Error);
