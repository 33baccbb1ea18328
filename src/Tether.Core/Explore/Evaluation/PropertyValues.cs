using System.Collections.Concurrent;

namespace Tether.Core.Explore.Evaluation;

/// <summary>
/// A property's values by topology node, kept with the topology, and a queue so that one query at a time reads the
/// values still missing (the others then find them).
/// </summary>
internal sealed class PropertyValues
{
    private readonly Lock _gate = new();
    private Task _last = Task.CompletedTask;

    public ConcurrentDictionary<int, object?> Values { get; } = new();

    /// <summary>Runs <paramref name="fill"/> after every fill started before it has finished (successfully or not).</summary>
    public async Task FillAsync(Func<Task> fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task previous;
        lock (_gate)
        {
            previous = _last;
            _last = done.Task;
        }

        try
        {
            // Never faults: every queued task is a TaskCompletionSource completed in a finally.
            await previous.ConfigureAwait(false);
            await fill().ConfigureAwait(false);
        }
        finally
        {
            done.SetResult();
        }
    }
}
