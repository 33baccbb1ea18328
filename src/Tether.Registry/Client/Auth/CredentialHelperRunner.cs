using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Tether.Registry.Parse;

namespace Tether.Registry.Client.Auth;

/// <summary>
/// Runs a Docker credential helper (<c>docker-credential-NAME get</c>, server URL on stdin, JSON on stdout),
/// as the Docker CLI does. The helper's secret is never logged or put in an error message.
/// </summary>
public sealed class CredentialHelperRunner(string? searchDirectory = null, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(30);

    /// <summary>The credential the helper holds for <paramref name="serverUrl"/>, or null when it has none.</summary>
    public async Task<RegistryCredential?> GetAsync(string helper, string serverUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(helper);
        if (helper.Length == 0 || !helper.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw Failure(helper, serverUrl, "the helper name may only hold letters, digits, '-', '_' and '.'.");
        }

        var executable = "docker-credential-" + helper;
        var start = new ProcessStartInfo(searchDirectory is null ? executable : Path.Combine(searchDirectory, executable), "get")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw Failure(helper, serverUrl, $"{executable} could not be started ({e.Message}).", e);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            try
            {
                await process.StandardInput.WriteAsync(serverUrl).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The helper exited without reading stdin (broken pipe); its exit code and output still tell.
            }

            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            var output = await stdout.ConfigureAwait(false);
            var error = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                // Helpers answer "credentials not found in native keychain" when they hold nothing for the server.
                if ((output + error).Contains("credentials not found", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                throw Failure(helper, serverUrl, $"{executable} exited with {process.ExitCode}: {JsonFields.Clip(FirstLine(error.Length > 0 ? error : output))}");
            }

            return DockerConfigParser.ParseHelperOutput(Encoding.UTF8.GetBytes(output), executable);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw Failure(helper, serverUrl, $"{executable} did not answer within {_timeout.TotalSeconds:0} s.");
        }
    }

    private static string FirstLine(string text)
    {
        var trimmed = text.Trim();
        var newline = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? trimmed : trimmed[..newline];
    }

    private static RegistryException Failure(string helper, string serverUrl, string detail, Exception? inner = null) =>
        new(RegistryErrorKind.Unauthorized, serverUrl, null, null, null, $"credential helper '{helper}': {detail}", inner);
}
