namespace Tether.Vulnerabilities.Reports.Parse;

/// <summary>
/// Reads Grype's JSON report (<c>grype -o json</c>): <c>matches[]</c> (vulnerability, related vulnerabilities,
/// match details, artifact) and <c>source.target</c> (image id, manifest digest, repo digests).
/// </summary>
internal static class GrypeReportParser
{
    public static ScannerReport Parse(ReportElement root, string documentDigest)
    {
        var descriptor = root.Object("descriptor");
        var version = descriptor?.NonEmptyString("version") ?? "unknown";
        // descriptor.timestamp: when grype ran (absent from some older versions).
        var createdAt = descriptor is { } d ? ReportFields.ParseTime(d, "timestamp") : null;

        var notes = new List<string>();
        var image = GrypeImageSource.Parse(root.Object("source"), notes);

        var matches = root.Array("matches", ReportLimits.MaxFindings);
        var findings = matches.Select(ParseMatch).ToList();
        return new ScannerReport(root.Source, documentDigest, ReportFormat.Grype, version, createdAt, image, findings, notes);
    }

    private static ReportedFinding ParseMatch(ReportElement match)
    {
        match = match.Indexed();
        var v = match.RequiredObject("vulnerability").Indexed();
        var namespaceName = v.NonEmptyString("namespace");
        var provider = ProviderOf(namespaceName) ?? "grype";

        var severities = new List<SourcedSeverity>();
        var cvss = new List<SourcedCvss>();
        AddRatings(v, provider, severities, cvss);

        var related = new List<string>();
        foreach (var other in match.Array("relatedVulnerabilities", ReportLimits.MaxListItems))
        {
            related.Add(other.RequiredString("id"));
            AddRatings(other, ProviderOf(other.NonEmptyString("namespace")) ?? "grype", severities, cvss);
        }

        var urls = v.Strings("urls", ReportLimits.MaxListItems);
        var vulnerability = new ReportedVulnerability(
            v.RequiredString("id"),
            related,
            Title: null,
            v.NonEmptyString("dataSource") ?? urls.FirstOrDefault(),
            severities,
            cvss);

        var artifact = match.RequiredObject("artifact").Indexed();
        var location = artifact.FirstItem("locations");
        var upstream = artifact.FirstItem("upstreams");
        var package = new ReportedPackage(
            artifact.RequiredString("name"),
            artifact.RequiredString("version"),
            artifact.NonEmptyString("type"),
            artifact.NonEmptyString("purl"),
            location?.NonEmptyString("path"),
            upstream is { } u ? SourcePackage(u) : null);

        var fix = v.Object("fix");
        var fixedVersions = fix?.Strings("versions", ReportLimits.MaxListItems) ?? [];
        var matchedBy = match.Array("matchDetails", ReportLimits.MaxListItems)
            .Select(detail => string.Join(' ', new[] { detail.NonEmptyString("matcher"), detail.NonEmptyString("type") }.OfType<string>()))
            .Where(text => text.Length > 0)
            .Distinct()
            .ToList();

        return new ReportedFinding(
            vulnerability,
            package,
            v.NonEmptyString("severity"),
            fixedVersions.Count == 0 ? null : string.Join(", ", fixedVersions),
            fix?.NonEmptyString("state"),
            // Syft's layerID is the layer's diff id (stereoscope names layers by their uncompressed digest).
            location is { } l ? ReportFields.OptionalDigest(l, "layerID") : null,
            namespaceName,
            matchedBy.Count == 0 ? null : string.Join("; ", matchedBy));
    }

    private static void AddRatings(ReportElement vulnerability, string provider, List<SourcedSeverity> severities, List<SourcedCvss> cvss)
    {
        if (vulnerability.NonEmptyString("severity") is { } severity)
        {
            severities.Add(new SourcedSeverity(provider, severity));
        }

        foreach (var entry in vulnerability.Array("cvss", ReportLimits.MaxListItems))
        {
            var vector = entry.NonEmptyString("vector");
            var source = entry.NonEmptyString("source") is { } s ? SourceOf(s) : provider;
            cvss.Add(new SourcedCvss(
                source,
                entry.NonEmptyString("version") ?? ReportFields.CvssVersionOf(vector),
                vector,
                entry.Object("metrics")?.Number("baseScore"),
                !string.Equals(entry.NonEmptyString("type"), "Secondary", StringComparison.OrdinalIgnoreCase)));
        }
    }

    private static string SourcePackage(ReportElement upstream)
    {
        var name = upstream.RequiredString("name");
        return upstream.NonEmptyString("version") is { } version ? $"{name}@{version}" : name;
    }

    /// <summary>Grype namespaces read <c>provider:kind:…</c> (<c>nvd:cpe</c>, <c>redhat:distro:redhat:9</c>, <c>github:language:java</c>).</summary>
    internal static string? ProviderOf(string? namespaceName) =>
        string.IsNullOrEmpty(namespaceName) ? null : namespaceName.Split(':')[0];

    /// <summary>NVD writes its own scores with source <c>nvd@nist.gov</c>; others (CNAs) keep their address.</summary>
    private static string SourceOf(string cvssSource) =>
        cvssSource.Equals("nvd@nist.gov", StringComparison.OrdinalIgnoreCase) ? "nvd" : cvssSource;
}
