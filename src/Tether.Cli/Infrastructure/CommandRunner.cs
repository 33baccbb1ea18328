using Tether.Core.Errors;
using Tether.Core.Graph;

namespace Tether.Cli.Infrastructure;

/// <summary>
/// Runs a command body and turns failures into one readable line on stderr and a documented exit code.
/// Stack traces are shown only with TETHER_DEBUG=1: users need the file and field, not our internals.
/// </summary>
public static class CommandRunner
{
    public static async Task<int> RunAsync(Func<CancellationToken, Task<ExitCode>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return (int)await body(cancellationToken);
        }
        catch (CliError e)
        {
            return Fail(e.Code, e.Message, e);
        }
        catch (InputException e)
        {
            return Fail(ExitCode.BadInput, e.Message, e);
        }
        catch (StoreException e)
        {
            return Fail(ExitCode.StoreError, e.Message, e);
        }
        catch (System.Data.Common.DbException e)
        {
            return Fail(ExitCode.StoreError, $"the store failed: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            return Fail(ExitCode.RemoteError, e.Message, e);
        }
        catch (Registry.RegistryException e)
        {
            return Fail(e.Kind == Registry.RegistryErrorKind.NotFound ? ExitCode.NotFound : ExitCode.RemoteError, e.Message, e);
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(ExitCode.Failure, "interrupted; the batch in progress was not stored", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(ExitCode.BadInput, e.Message, e);
        }
#pragma warning disable CA1031 // The CLI's last line of defence: one readable line, never a raw stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Fail(ExitCode.Failure, $"unexpected {e.GetType().Name}: {e.Message} (TETHER_DEBUG=1 shows details; please report it)", e);
        }
    }

    private static int Fail(ExitCode code, string message, Exception e)
    {
        Console.Error.WriteLine($"error: {message}");
        if (Environment.GetEnvironmentVariable("TETHER_DEBUG") == "1")
        {
            Console.Error.WriteLine(e);
        }

        return (int)code;
    }
}
