using Spectre.Console;

namespace Tether.Cli.Infrastructure;

/// <summary>
/// A progress bar on stderr (stdout stays clean for -o json), shown only when stderr is a terminal. The work reports its
/// own progress type; <c>view</c> turns each report into the bar's text, done and total.
/// </summary>
public static class ProgressBar
{
    public static async Task<T> RunAsync<T, TProgress>(string title, Func<TProgress, (string Description, long Done, long Total)> view, Func<IProgress<TProgress>?, Task<T>> run)
    {
        ArgumentNullException.ThrowIfNull(view);
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
                result = await run(new Bar<TProgress>(task, view));
            });
        return result;
    }

    /// <summary>Moves the bar; Spectre's tasks are safe to update from the worker's thread.</summary>
    private sealed class Bar<TProgress>(ProgressTask task, Func<TProgress, (string Description, long Done, long Total)> view) : IProgress<TProgress>
    {
        public void Report(TProgress value)
        {
            var (description, done, total) = view(value);
            task.Description = Markup.Escape(description);
            task.MaxValue = Math.Max(1, total);
            task.Value = done;
        }
    }
}
