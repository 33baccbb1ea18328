using Tether.Core.Advisories;
using Tether.Core.Errors;
using Tether.Vulnerabilities.Advisories.Parse;

namespace Tether.Vulnerabilities.Advisories.Import;

/// <summary>
/// <c>tether db import osv</c>: reads OSV records from JSON files, folders, zip exports and http(s) URLs, and
/// stores them in batches inside ONE import transaction, so an import is all or nothing: a fatal error (an
/// input that is not JSON or not a zip, a zip bomb, a failed download, a cancellation) leaves the store as it
/// was, and a re-run starts over cheaply because unchanged records are skipped.
/// Malformed records are skipped with a warning naming the file or zip entry, the id and the field.
/// </summary>
public sealed class OsvImporter(IAdvisoryStore store, AdvisoryImportOptions? options = null, TimeProvider? time = null)
{
    private readonly AdvisoryImportOptions _options = options ?? new AdvisoryImportOptions();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <exception cref="InputException">An input is missing, not JSON, not a zip, over a limit, or holds no valid record.</exception>
    /// <exception cref="HttpRequestException">A download failed.</exception>
    public async Task<OsvImportResult> ImportAsync(IReadOnlyList<string> inputs, IProgress<OsvImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("At least one input is needed.", nameof(inputs));
        }

        var started = _time.GetTimestamp();
        var sources = new List<RecordSource>();
        try
        {
            // Every input is opened (and downloaded) before the import's transaction starts, so a missing file
            // or a failed download costs nothing and the store is not held during network transfers.
            foreach (var input in inputs)
            {
                sources.Add(await RecordSources.OpenAsync(input, _options, cancellationToken).ConfigureAwait(false));
            }

            var run = new Run(_options, progress);
            var session = await store.BeginImportAsync(Describe(sources), cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                var summaries = new List<OsvSourceSummary>();
                foreach (var source in sources)
                {
                    summaries.Add(await run.ReadAsync(source, session, cancellationToken).ConfigureAwait(false));
                }

                if (summaries.Sum(s => s.Records) == 0 && run.WarningCount > 0)
                {
                    throw new InputException(sources[0].Name, null, $"holds no valid OSV record ({run.WarningCount} skipped; first: {run.Warnings[0]})");
                }

                var import = await session.CommitAsync((int)Math.Min(run.WarningCount, int.MaxValue), cancellationToken).ConfigureAwait(false);
                return new OsvImportResult(import, summaries, run.WarningCount, run.Warnings, run.Reader.TotalBytes, _time.GetElapsedTime(started));
            }
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The inputs as recorded with the import: all of them, unless a shell glob named thousands.</summary>
    private static string Describe(List<RecordSource> sources)
    {
        const int Shown = 20;
        var names = string.Join(" ", sources.Take(Shown).Select(s => s.Name));
        return sources.Count <= Shown ? names : $"{names} (+{sources.Count - Shown} more)";
    }

    /// <summary>The state of one import: the pending batch, the byte budget, the warnings.</summary>
    private sealed class Run(AdvisoryImportOptions options, IProgress<OsvImportProgress>? progress)
    {
        private readonly List<Advisory> _batch = new(options.BatchSize);
        private readonly List<AdvisoryWarning> _warnings = [];
        private long _written;

        public BoundedReader Reader { get; } = new(options.Limits.MaxDocumentBytes, options.Limits.MaxTotalBytes);

        public long WarningCount { get; private set; }

        public IReadOnlyList<AdvisoryWarning> Warnings => _warnings;

        public async Task<OsvSourceSummary> ReadAsync(RecordSource source, IAdvisoryImportSession session, CancellationToken cancellationToken)
        {
            var current = await CurrentIdsAsync(source, session, cancellationToken).ConfigureAwait(false);
            long documents = 0, records = 0, warnings = 0, skipped = 0, done = 0;
            foreach (var entry in source.Entries)
            {
                cancellationToken.ThrowIfCancellationRequested();
                done++;
                if (current is not null && entry.IdHint is not null && current.Contains(entry.IdHint))
                {
                    skipped++;
                    continue;
                }

                documents++;
                var before = WarningCount;
                records += await ReadEntryAsync(source, entry, cancellationToken).ConfigureAwait(false);
                warnings += WarningCount - before;
                if (_batch.Count >= options.BatchSize)
                {
                    await FlushAsync(session, cancellationToken).ConfigureAwait(false);
                    Report(source, done);
                }
            }

            await FlushAsync(session, cancellationToken).ConfigureAwait(false);
            Report(source, done);
            return new OsvSourceSummary(source.Name, source.Kind, documents, records, warnings, skipped, current is not null);
        }

        private async Task FlushAsync(IAdvisoryImportSession session, CancellationToken cancellationToken)
        {
            if (_batch.Count == 0)
            {
                return;
            }

            _written += (await session.WriteAsync(_batch, cancellationToken).ConfigureAwait(false)).Written;
            _batch.Clear();
        }

        private async Task<int> ReadEntryAsync(RecordSource source, SourceEntry entry, CancellationToken cancellationToken)
        {
            ReadOnlyMemory<byte>? bytes;
            try
            {
                var stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (stream.ConfigureAwait(false))
                {
                    bytes = await Reader.ReadAsync(stream, source.Name, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException && !source.IsSingleDocument)
            {
                // A corrupt or truncated zip entry, an unreadable file in a folder: that record is lost, not the import.
                Warn(new AdvisoryWarning(entry.Name, null, null, "cannot be read: " + e.Message));
                return 0;
            }

            if (bytes is not { } json)
            {
                var error = new InputException(entry.Name, null, $"is over the {options.Limits.MaxDocumentBytes}-byte limit for one document.");
                if (source.IsSingleDocument)
                {
                    throw error;
                }

                Warn(new AdvisoryWarning(entry.Name, null, null, error.Reason));
                return 0;
            }

            OsvDocument document;
            try
            {
                document = OsvDocumentParser.Parse(json, entry.Name, options.Limits);
            }
            catch (InputException e) when (!source.IsSingleDocument)
            {
                Warn(new AdvisoryWarning(entry.Name, null, e.Field, e.Reason));
                return 0;
            }

            foreach (var warning in document.Warnings)
            {
                Warn(warning);
            }

            _batch.AddRange(document.Advisories);
            return document.Advisories.Count;
        }

        /// <summary>
        /// With a <c>modified_id.csv</c>, the ids whose stored record is at least as new as the index says:
        /// their documents are not even read. An index that does not parse is ignored (everything is read).
        /// </summary>
        private async Task<HashSet<string>?> CurrentIdsAsync(RecordSource source, IAdvisoryImportSession session, CancellationToken cancellationToken)
        {
            var stream = await source.OpenIndexAsync(cancellationToken).ConfigureAwait(false);
            if (stream is null)
            {
                return null;
            }

            var name = $"{source.Name} ({RecordSource.IndexFileName})";
            IReadOnlyDictionary<string, DateTimeOffset> index;
            await using (stream.ConfigureAwait(false))
            {
                var reader = new BoundedReader(options.Limits.MaxIndexBytes, options.Limits.MaxIndexBytes);
                try
                {
                    var bytes = await reader.ReadAsync(stream, name, cancellationToken).ConfigureAwait(false);
                    index = bytes is { } csv
                        ? ModifiedIdIndex.Parse(csv.Span, name, options.Limits)
                        : throw new InputException(name, null, $"is over the {options.Limits.MaxIndexBytes}-byte limit.");
                }
                catch (Exception e) when (e is InputException or InvalidDataException or IOException)
                {
                    Warn(new AdvisoryWarning(name, null, (e as InputException)?.Field, "ignored, every record is read: " + ((e as InputException)?.Reason ?? e.Message)));
                    return null;
                }
            }

            var current = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunk in index.Keys.Chunk(10_000))
            {
                var stored = await session.GetStoredModifiedAsync(chunk, cancellationToken).ConfigureAwait(false);
                foreach (var (id, modified) in stored)
                {
                    // The store keeps milliseconds; compare at that precision.
                    if (index[id].ToUnixTimeMilliseconds() <= modified.ToUnixTimeMilliseconds())
                    {
                        current.Add(id);
                    }
                }
            }

            return current;
        }

        private void Warn(AdvisoryWarning warning)
        {
            WarningCount++;
            if (_warnings.Count < options.MaxWarningsKept)
            {
                _warnings.Add(warning);
            }
        }

        private void Report(RecordSource source, long done) =>
            progress?.Report(new OsvImportProgress(source.Name, done, source.Count, _written, WarningCount));
    }
}
