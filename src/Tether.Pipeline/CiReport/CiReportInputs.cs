namespace Tether.Pipeline.CiReport;

/// <summary>Everything a CI report is made from, already read: the environment and file contents. No I/O beyond this point.</summary>
public sealed record CiReportInputs
{
    public required IReadOnlyDictionary<string, string> Environment { get; init; }
    /// <summary>Content of the file at GITHUB_EVENT_PATH, when there is one.</summary>
    public InputFile? GitHubEvent { get; init; }
    /// <summary><c>--image ref@digest</c> values.</summary>
    public IReadOnlyList<string> ImageArguments { get; init; } = [];
    /// <summary><c>--metadata-file</c> contents (buildx build or bake).</summary>
    public IReadOnlyList<InputFile> MetadataFiles { get; init; } = [];
    /// <summary>The Dockerfile; <see cref="InputFile.Path"/> is the path as it should be reported (repository-relative).</summary>
    public InputFile? Dockerfile { get; init; }
    public string? Context { get; init; }
    /// <summary><c>--build-arg</c> values, used to resolve ARGs in FROM lines.</summary>
    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();
    public string? Generator { get; init; }
}

/// <summary>A file's name (for errors and reporting) and its bytes.</summary>
public sealed record InputFile(string Path, ReadOnlyMemory<byte> Content);
