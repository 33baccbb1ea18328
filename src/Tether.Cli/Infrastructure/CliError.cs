namespace Tether.Cli.Infrastructure;

/// <summary>An error the CLI reports as one line with a chosen exit code.</summary>
public sealed class CliError(ExitCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    public ExitCode Code { get; } = code;

    public CliError()
        : this(ExitCode.Failure, "error")
    {
    }

    public CliError(string message)
        : this(ExitCode.Failure, message)
    {
    }

    public CliError(string message, Exception innerException)
        : this(ExitCode.Failure, message, innerException)
    {
    }
}
