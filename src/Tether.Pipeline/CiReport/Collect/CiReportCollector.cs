using System.Collections;
using Tether.Pipeline.Collect;
using Tether.Pipeline.CiReport.Parse;

namespace Tether.Pipeline.CiReport.Collect;

/// <summary>
/// The I/O half of <c>tether ci report</c>: reads the environment and the files the options and variables name
/// (bounded), and makes paths repository-relative. Everything else happens in <see cref="CiReportBuilder"/>.
/// </summary>
public static class CiReportCollector
{
    /// <summary>Variables that hold the checkout directory, in the order they are trusted.</summary>
    private static readonly string[] WorkspaceVariables = ["GITHUB_WORKSPACE", "BUILD_SOURCESDIRECTORY", "BUILD_REPOSITORY_LOCALPATH"];

    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                variables[key] = value;
            }
        }

        return variables;
    }

    public static async Task<CiReportCollection> CollectAsync(
        CiReportRequest request,
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(environment);
        var warnings = new List<string>();

        InputFile? gitHubEvent = null;
        if (GitHubActionsContext.Detect(environment)
            && environment.TryGetValue(GitHubActionsContext.EventPathVariable, out var eventPath) && !string.IsNullOrWhiteSpace(eventPath))
        {
            var full = Path.GetFullPath(eventPath, workingDirectory);
            if (File.Exists(full))
            {
                gitHubEvent = new InputFile(eventPath, await ReadBoundedAsync(full, eventPath, GitHubActionsContext.MaxEventBytes, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                warnings.Add($"{GitHubActionsContext.EventPathVariable} names {eventPath}, which does not exist; commit author and message are not reported.");
            }
        }

        var metadata = new List<InputFile>();
        foreach (var path in request.MetadataFiles)
        {
            metadata.Add(new InputFile(path, await ReadBoundedAsync(Path.GetFullPath(path, workingDirectory), path, BuildxMetadata.MaxBytes, cancellationToken).ConfigureAwait(false)));
        }

        InputFile? dockerfile = null;
        if (request.Dockerfile is { } dockerfilePath)
        {
            var full = Path.GetFullPath(dockerfilePath, workingDirectory);
            var content = await ReadBoundedAsync(full, dockerfilePath, Dockerfiles.DockerfileParser.MaxBytes, cancellationToken).ConfigureAwait(false);
            dockerfile = new InputFile(RepositoryRelative(full, dockerfilePath, environment, workingDirectory), content);
        }

        var context = request.Context is null
            ? null
            : RepositoryRelative(Path.GetFullPath(request.Context, workingDirectory), request.Context, environment, workingDirectory);

        var inputs = new CiReportInputs
        {
            Environment = environment,
            GitHubEvent = gitHubEvent,
            ImageArguments = request.Images,
            MetadataFiles = metadata,
            Dockerfile = dockerfile,
            Context = context,
            BuildArgs = request.BuildArgs,
            Generator = request.Generator,
        };
        return new CiReportCollection(inputs, warnings);
    }

    /// <summary>
    /// The path relative to the checkout (GITHUB_WORKSPACE, BUILD_SOURCESDIRECTORY), else to the working directory,
    /// with forward slashes: the Dockerfile's identity is its path in the repository, not on the runner.
    /// </summary>
    internal static string RepositoryRelative(string fullPath, string asGiven, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var roots = WorkspaceVariables
            .Select(name => environment.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null)
            .OfType<string>()
            .Append(workingDirectory);
        foreach (var root in roots)
        {
            var relative = Path.GetRelativePath(Path.GetFullPath(root), fullPath);
            if (relative != "." && !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative))
            {
                return relative.Replace('\\', '/');
            }

            if (relative == ".")
            {
                return ".";
            }
        }

        return asGiven.Replace('\\', '/');
    }

    private static Task<byte[]> ReadBoundedAsync(string fullPath, string shownAs, int maxBytes, CancellationToken cancellationToken) =>
        BoundedFile.ReadAsync(fullPath, shownAs, maxBytes, cancellationToken);
}
