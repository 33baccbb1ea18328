using Tether.Core.Advisories;
using Tether.Vulnerabilities.Advisories.Parse;

namespace Tether.Vulnerabilities.Advisories.Import;

/// <summary>What an OSV import read and stored.</summary>
/// <param name="Import">The committed import as the store recorded it (counts of created, updated, withdrawn, unchanged).</param>
/// <param name="Sources">Per input.</param>
/// <param name="WarningCount">Malformed records skipped, over all inputs.</param>
/// <param name="Warnings">The first of them (<see cref="AdvisoryImportOptions.MaxWarningsKept"/>).</param>
/// <param name="BytesRead">Bytes read (decompressed), over all inputs.</param>
/// <param name="Elapsed">Wall-clock time of the whole import.</param>
public sealed record OsvImportResult(
    AdvisoryImportRecord Import,
    IReadOnlyList<OsvSourceSummary> Sources,
    long WarningCount,
    IReadOnlyList<AdvisoryWarning> Warnings,
    long BytesRead,
    TimeSpan Elapsed)
{
    public long SkippedByIndex => Sources.Sum(s => s.SkippedByIndex);

    /// <summary>Records parsed per second over the whole import (reading, parsing and storing).</summary>
    public double RecordsPerSecond => Elapsed > TimeSpan.Zero ? Sources.Sum(s => s.Records) / Elapsed.TotalSeconds : 0;
}

/// <summary>One input of an import.</summary>
/// <param name="Source">The path, or the URL without its query.</param>
/// <param name="Kind"><c>file</c>, <c>folder</c> or <c>zip</c>.</param>
/// <param name="Documents">JSON documents read.</param>
/// <param name="Records">Well-formed records parsed from them.</param>
/// <param name="Warnings">Malformed records or unreadable documents skipped.</param>
/// <param name="SkippedByIndex">Documents not read because <c>modified_id.csv</c> said the stored record is current.</param>
/// <param name="IndexUsed">Whether a <c>modified_id.csv</c> was found and used.</param>
public sealed record OsvSourceSummary(string Source, string Kind, long Documents, long Records, long Warnings, long SkippedByIndex, bool IndexUsed);

/// <summary>Progress of an import, reported after each batch and at the end of each input.</summary>
/// <param name="Source">The input being read.</param>
/// <param name="Done">Documents of this input read or skipped so far.</param>
/// <param name="Total">Documents in this input.</param>
/// <param name="Written">Records created, updated or withdrawn so far, over all inputs.</param>
/// <param name="Warnings">Warnings so far, over all inputs.</param>
public sealed record OsvImportProgress(string Source, long Done, long Total, long Written, long Warnings);
