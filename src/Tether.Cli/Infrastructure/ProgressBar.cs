using Spectre.Console;

namespace Tether.Cli.Infrastructure;

/// <summary>A progress bar on stderr for work that reports (done, total), shown only when stderr is a terminal.</summary>
public static class ProgressBar
{
    public static async Task<T> RunAsync<T>(string title, Func<long, long, string> describe, Func<IProgress<(long Done, long Total)>?, Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(describe);
        ArgumentNullException.ThrowIfNull(run);
        if (Console.IsErrorRedirected)
        {
            return await run(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        T result = default!;
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                result = await run(new Bar(task, describe));
            });
        return result;
    }

    private sealed class Bar(ProgressTask task, Func<long, long, string> describe) : IProgress<(long Done, long Total)>
    {
        public void Report((long Done, long Total) value)
        {
            task.Description = Markup.Escape(describe(value.Done, value.Total));
            task.MaxValue = Math.Max(1, value.Total);
            task.Value = value.Done;
        }
    }
}
