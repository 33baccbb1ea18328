using Tether.Registry.Client.Layout;
using Tether.Scanner.Analyze;
using Tether.Scanner.Collect;
using Tether.Scanner.Normalize;
using Tether.Scanner.Output;
using Tether.Scanner.Scan;
using Tether.Testing;

namespace Tether.Scanner.Tests.Output;

/// <summary>
/// The demo's payments-api image (a real OCI layout: Debian 12 base layer, an apt-get layer, the app's npm layer),
/// scanned once for every output test, and two findings on it: OpenSSL's CVE-2024-4741 on libssl3 (as the Debian
/// changelog record in shared/testdata/osv/debian12-changelog states it) and Express's CVE-2024-43796 (GHSA-qw6h-vgh9-j6wx).
/// </summary>
internal static class DemoImage
{
    public const string Repository = "acrcontoso.azurecr.io/payments-api";

    public static readonly DateTimeOffset Timestamp = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    public static readonly SbomTool Tool = SbomTool.Tether("0.4.0");

    private static readonly Lazy<Task<ScanResult>> Scan = new(ScanAsync);

    public static Task<ScanResult> ScanResultAsync() => Scan.Value;

    public static IReadOnlyList<ScanFinding> Findings(ScanResult scan)
    {
        var libssl = scan.Packages.Single(p => p.Facts.Name == "libssl3").Facts.Key;
        var express = scan.Packages.Single(p => p.Facts.Name == "express").Facts.Key;
        return
        [
            new ScanFinding("CVE-2024-4741", libssl)
            {
                Aliases = ["CVE-2024-4741"],
                AdvisoryId = "DEBIAN-CVE-2024-4741",
                AdvisorySource = "Debian",
                FixedVersion = "3.0.14-1~deb12u1",
                Summary = "CVE-2024-4741 fixed in Debian 12",
            },
            new ScanFinding("CVE-2024-43796", express)
            {
                Aliases = ["GHSA-qw6h-vgh9-j6wx"],
                AdvisoryId = "GHSA-qw6h-vgh9-j6wx",
                AdvisorySource = "GitHub",
                Severity = "LOW",
                SeveritySource = "GitHub",
                CvssScore = 5.0,
                CvssVector = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:L",
                CvssSource = "GitHub",
                FixedVersion = "4.20.0",
                Summary = "express vulnerable to XSS via response.redirect()",
            },
        ];
    }

    private static async Task<ScanResult> ScanAsync()
    {
        var source = new OciLayoutSource(TestData.Repo("samples", "demo", "registry", "payments-api"), "acrcontoso.azurecr.io", "payments-api");
        var image = await ImageFetcher.FetchAsync(source, "payments-api", "1.8.0", null, default);
        var scan = await new ImageScanner(Analyzers.All, cache: null).ScanAsync(source, image);
        return ScanNormalizer.Build(scan, Repository, Timestamp);
    }
}
