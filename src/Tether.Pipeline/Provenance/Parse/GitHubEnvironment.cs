namespace Tether.Pipeline.Provenance.Parse;

/// <summary>
/// GitHub context values recorded in provenance: slsa-github-generator writes <c>github_run_id</c>, npm writes
/// <c>GITHUB_RUN_ID</c>; both spellings are read.
/// </summary>
internal sealed class GitHubEnvironment(IReadOnlyDictionary<string, string> values)
{
    private readonly Dictionary<string, string> _values = new(values, StringComparer.OrdinalIgnoreCase);

    public string? this[string name] => _values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    public string? Sha => this["github_sha1"] ?? this["github_sha"];
}
