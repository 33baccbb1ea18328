namespace Tether.Vulnerabilities.Advisories.Import;

/// <summary>One document of a source: its name for messages, the record id its file name suggests, and how to open it.</summary>
internal sealed record SourceEntry(string Name, string? IdHint, Func<CancellationToken, Task<Stream>> OpenAsync);

/// <summary>
/// Where OSV documents come from: a JSON file, a folder of them, or a zip archive (streamed entry by entry,
/// never unpacked). Collect only: bytes out, no parsing.
/// </summary>
internal abstract class RecordSource(string name, string kind) : IAsyncDisposable
{
    public const string IndexFileName = "modified_id.csv";

    /// <summary>The input as the user named it (a URL without its query).</summary>
    public string Name { get; } = name;

    /// <summary><c>file</c>, <c>folder</c> or <c>zip</c>.</summary>
    public string Kind { get; } = kind;

    /// <summary>
    /// True when the source is one document the user named: if it is not JSON at all, the import fails.
    /// In a folder or an archive, such a document is one bad record among many: a warning.
    /// </summary>
    public virtual bool IsSingleDocument => false;

    /// <summary>How many entries <see cref="Entries"/> yields (for progress).</summary>
    public abstract int Count { get; }

    public abstract IEnumerable<SourceEntry> Entries { get; }

    /// <summary>Opens the <c>modified_id.csv</c> beside the records, if there is one.</summary>
    public abstract Task<Stream?> OpenIndexAsync(CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>OSV exports name each record file after its id.</summary>
    protected static string? IdFromFileName(string fileName) =>
        fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && fileName.Length > 5 ? fileName[..^5] : null;

    protected static Task<Stream?> OpenIndexFileAsync(string? directory)
    {
        if (directory is null)
        {
            return Task.FromResult<Stream?>(null);
        }

        var path = Path.Combine(directory, IndexFileName);
        return Task.FromResult<Stream?>(File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, useAsync: true) : null);
    }
}

/// <summary>
/// One JSON file named by the user (opened when read, so a shell glob of thousands of files does not hold
/// thousands of handles), or a downloaded one (its self-deleting stream is kept until disposed).
/// </summary>
internal sealed class JsonFileSource : RecordSource
{
    private readonly string? _path;
    private Stream? _download;

    public JsonFileSource(string path)
        : base(path, "file") => _path = path;

    public JsonFileSource(string name, Stream download)
        : base(name, "file") => _download = download;

    public override bool IsSingleDocument => true;

    public override int Count => 1;

    public override IEnumerable<SourceEntry> Entries =>
        [new SourceEntry(Name, IdFromFileName(Path.GetFileName(Name)), _ => Task.FromResult<Stream>(_download ?? RecordSources.OpenFile(_path!)))];

    public override Task<Stream?> OpenIndexAsync(CancellationToken cancellationToken) => Task.FromResult<Stream?>(null);

    public override async ValueTask DisposeAsync()
    {
        if (_download is not null)
        {
            await _download.DisposeAsync().ConfigureAwait(false);
            _download = null;
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>Every <c>*.json</c> file under a folder, recursively, in ordinal path order; links are not followed.</summary>
internal sealed class FolderSource : RecordSource
{
    private readonly string _root;
    private readonly List<string> _files;

    public FolderSource(string root)
        : base(root, "folder")
    {
        _root = root;
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
            MatchCasing = MatchCasing.CaseInsensitive,
        };
        _files = [.. Directory.EnumerateFiles(root, "*.json", options).Order(StringComparer.Ordinal)];
    }

    public override int Count => _files.Count;

    public override IEnumerable<SourceEntry> Entries => _files.Select(path => new SourceEntry(
        InputNames.Printable(path),
        IdFromFileName(Path.GetFileName(path)),
        _ => Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16_384, useAsync: true))));

    public override Task<Stream?> OpenIndexAsync(CancellationToken cancellationToken) => OpenIndexFileAsync(_root);
}
