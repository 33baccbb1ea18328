using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using Tether.Core.Identity;
using Tether.Core.Model;

namespace Tether.Pipeline.Identity;

/// <summary>
/// One key scheme for CI runs, shared by the CI report and provenance readers so that both sources of the same run
/// meet on one node: <c>github-actions:github.com/org/repo/runs/ID/attempts/N</c>,
/// <c>azure-pipelines:dev.azure.com/org/project/runs/ID/attempts/N</c>.
/// </summary>
public static partial class PipelineRuns
{
    public const string GitHubActions = "github-actions";
    public const string AzurePipelines = "azure-pipelines";

    /// <summary>The run of <paramref name="repository"/> (<c>owner/repo</c>) on the GitHub instance at <paramref name="serverUrl"/>.</summary>
    public static PipelineRunFacts GitHub(string serverUrl, string repository, string runId, int attempt)
    {
        var host = new Uri(serverUrl).Host.ToLowerInvariant();
        return new PipelineRunFacts(GitHubActions, $"{host}/{repository}", runId, attempt)
        {
            Url = GitHubRunUrl(serverUrl, repository, runId, attempt),
        };
    }

    public static string GitHubRunUrl(string serverUrl, string repository, string runId, int attempt) =>
        $"{serverUrl.TrimEnd('/')}/{repository}/actions/runs/{runId}/attempts/{attempt.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Reads <c>https://HOST/OWNER/REPO/actions/runs/ID[/attempts/N]</c> (SLSA invocationId, BuildKit builder id).
    /// Without <c>/attempts/N</c> the attempt is unknown and <paramref name="attempt"/> is null.
    /// </summary>
    public static bool TryParseGitHubRunUrl(
        string? url,
        [NotNullWhen(true)] out string? serverUrl,
        [NotNullWhen(true)] out string? repository,
        [NotNullWhen(true)] out string? runId,
        out int? attempt)
    {
        serverUrl = repository = runId = null;
        attempt = null;
        var match = url is { Length: < 2048 } ? GitHubRunUrlPattern().Match(url) : Match.Empty;
        if (!match.Success)
        {
            return false;
        }

        serverUrl = $"{match.Groups["scheme"].Value}://{match.Groups["host"].Value}";
        repository = $"{match.Groups["owner"].Value}/{match.Groups["repo"].Value}";
        runId = match.Groups["id"].Value;
        if (match.Groups["attempt"].Success
            && int.TryParse(match.Groups["attempt"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)
        {
            attempt = n;
        }

        return true;
    }

    /// <summary>
    /// A run of an Azure DevOps build. <paramref name="collectionUri"/> is SYSTEM_COLLECTIONURI
    /// (<c>https://dev.azure.com/org/</c> or <c>https://org.visualstudio.com/</c>).
    /// </summary>
    public static PipelineRunFacts Azure(string collectionUri, string project, string buildId, int attempt)
    {
        var collection = RepositoryUrl.TryNormalize(collectionUri.TrimEnd('/') + "/" + project)
            ?? throw new FormatException($"'{collectionUri}' is not an Azure DevOps collection URL.");
        return new PipelineRunFacts(AzurePipelines, collection, buildId, attempt)
        {
            Url = AzureRunUrl(collectionUri, project, buildId),
        };
    }

    public static string AzureRunUrl(string collectionUri, string project, string buildId) =>
        $"{collectionUri.TrimEnd('/')}/{Uri.EscapeDataString(project)}/_build/results?buildId={buildId}";

    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>[A-Za-z0-9.\-:]+)/(?<owner>[A-Za-z0-9_.\-]+)/(?<repo>[A-Za-z0-9_.\-]+)/actions/runs/(?<id>[0-9]{1,20})(?:/attempts/(?<attempt>[0-9]{1,6}))?/?$")]
    private static partial Regex GitHubRunUrlPattern();
}
