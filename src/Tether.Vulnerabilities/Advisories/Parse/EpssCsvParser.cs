using System.Globalization;
using System.Text;
using Tether.Core.Advisories;
using Tether.Core.Errors;

namespace Tether.Vulnerabilities.Advisories.Parse;

/// <summary>
/// FIRST's EPSS CSV: an optional comment line <c>#model_version:v2023.03.01,score_date:2023-03-05T00:00:00+0000</c>,
/// a header naming the columns (<c>cve,epss,percentile</c>), then one line per CVE. Decompressed by the caller.
/// Like KEV, it is a snapshot that replaces the stored one, so a malformed line rejects the file.
/// </summary>
public static class EpssCsvParser
{
    /// <exception cref="InputException">A line is malformed; the message names the line and column.</exception>
    public static EpssSnapshot Parse(ReadOnlySpan<byte> csv, string source, OsvLimits? limits = null)
    {
        limits ??= OsvLimits.Default;
        if (csv.Length > limits.MaxFeedBytes)
        {
            throw new InputException(source, null, $"{csv.Length} bytes is over the {limits.MaxFeedBytes}-byte limit for a feed.");
        }

        string? modelVersion = null;
        DateTimeOffset? scoreDate = null;
        int cveColumn = -1, epssColumn = -1, percentileColumn = -1;
        var scores = new List<EpssScore>();
        var lineNumber = 0;
        foreach (var raw in Encoding.UTF8.GetString(csv).Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                (modelVersion, scoreDate) = Comment(line, source, lineNumber, modelVersion, scoreDate);
                continue;
            }

            var fields = line.Split(',');
            if (cveColumn < 0)
            {
                var names = fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
                (cveColumn, epssColumn, percentileColumn) = (names.IndexOf("cve"), names.IndexOf("epss"), names.IndexOf("percentile"));
                if (cveColumn < 0 || epssColumn < 0 || percentileColumn < 0)
                {
                    throw new InputException(source, $"line {lineNumber}", "must be the header 'cve,epss,percentile': this is not an EPSS file.");
                }

                continue;
            }

            if (scores.Count == limits.MaxListItems * 10)
            {
                throw new InputException(source, $"line {lineNumber}", $"is past the limit of {scores.Count} scores.");
            }

            var width = Math.Max(cveColumn, Math.Max(epssColumn, percentileColumn)) + 1;
            if (fields.Length < width)
            {
                throw new InputException(source, $"line {lineNumber}", $"has {fields.Length} columns, not {width}.");
            }

            var cve = fields[cveColumn].Trim();
            if (!cve.StartsWith("CVE-", StringComparison.Ordinal))
            {
                throw new InputException(source, $"line {lineNumber}, cve", $"'{cve}' is not a CVE id.");
            }

            scores.Add(new EpssScore(
                cve,
                Probability(fields[epssColumn], source, lineNumber, "epss"),
                Probability(fields[percentileColumn], source, lineNumber, "percentile")));
        }

        if (cveColumn < 0)
        {
            throw new InputException(source, null, "has no 'cve,epss,percentile' header: this is not an EPSS file.");
        }

        return new EpssSnapshot(scores) { ModelVersion = modelVersion, ScoreDate = scoreDate };
    }

    private static (string? Model, DateTimeOffset? Date) Comment(string line, string source, int lineNumber, string? model, DateTimeOffset? date)
    {
        foreach (var pair in line[1..].Split(','))
        {
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var (key, value) = (pair[..colon].Trim(), pair[(colon + 1)..].Trim());
            if (key == "model_version")
            {
                model = value;
            }
            else if (key == "score_date")
            {
                date = ScoreDate(value) ?? throw new InputException(source, $"line {lineNumber}, score_date", $"'{value}' is not a timestamp.");
            }
        }

        return (model, date);
    }

    private static DateTimeOffset? ScoreDate(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    private static double Probability(string text, string source, int lineNumber, string column) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1
            ? value
            : throw new InputException(source, $"line {lineNumber}, {column}", $"'{text.Trim()}' is not a probability between 0 and 1.");
}
