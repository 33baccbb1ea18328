using Spectre.Console;
using Tether.Cli;

// Redirected output (pipes, CI logs, tests) gets wide tables instead of 80-column wrapping.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 200;
}

return await TetherCommands.Build().Parse(args).InvokeAsync();
