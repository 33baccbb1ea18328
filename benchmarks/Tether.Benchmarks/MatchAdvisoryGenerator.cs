using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using static Tether.Benchmarks.OsvExportGenerator;

namespace Tether.Benchmarks;

/// <summary>
/// An OSV export (all.zip) for the matching benchmark, over the names and versions of a <see cref="PackageCatalog"/>:
/// Debian tracker records (Debian:11/12/13 entries), Alpine secdb records (v3.16–v3.21), GitHub advisories for npm,
/// PyPI and Maven (1–3 affected entries, one per version line, CVE alias and CVSS), PYSEC records, and Go records
/// (SEMVER ranges, CVE and GHSA aliases). A record's package is drawn with a skew (rank = n·u²), so popular packages
/// have hundreds of records and most names a handful, as in OSV. For the installed release, most distro entries were
/// fixed in an older upstream version (not affected), some in a security update of the installed one (affected below
/// it), some not yet; most language advisories were fixed below the installed patch levels, a quarter between them.
/// Deterministic per seed; streamed entry by entry.
/// </summary>
public static class MatchAdvisoryGenerator
{
    /// <summary>Share of the records per family (Debian, Alpine, npm, PyPI, Maven, Go).</summary>
    private static readonly double[] RecordShare = [0.35, 0.15, 0.20, 0.12, 0.10, 0.08];

    private static readonly DateTimeOffset Modified = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void Write(string path, PackageCatalog catalog, int records, int seed = 11)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var random = new Random(seed);
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        for (var i = 0; i < records; i++)
        {
            var family = PickFamily(random);
            var names = catalog.AdvisoryNames(family);
            var u = random.NextDouble();
            var index = names[(int)(names.Count * u * u)];
            var (id, _, json) = Record(family, index, i, random, Modified.AddMinutes(i / 10.0), null);
            var entry = zip.CreateEntry(id + ".json", CompressionLevel.Fastest);
            using var stream = entry.Open();
            stream.Write(json);
        }
    }

    /// <summary>
    /// One record for package <paramref name="index"/> of <paramref name="family"/>: its id and JSON. With
    /// <paramref name="fixedAfter"/> set, the installed release's entry is fixed in the version after the k-th installed
    /// one, so installed versions 0…k are affected (the new advisories of the benchmark's second part).
    /// Returns the record's id, the CVE it names, and its JSON.
    /// </summary>
    public static (string Id, string Cve, byte[] Json) Record(PackageFamily family, int index, int number, Random random, DateTimeOffset modified, int? fixedAfter)
    {
        ArgumentNullException.ThrowIfNull(random);
        var cve = $"CVE-{2015 + number % 11}-{100_000 + number}";
        var id = family switch
        {
            PackageFamily.Debian => $"DEBIAN-{cve}",
            PackageFamily.Alpine => $"ALPINE-{cve}",
            PackageFamily.Go => $"GO-{2020 + number % 6}-{number:D6}",
            PackageFamily.PyPI when random.Next(10) < 3 => $"PYSEC-{2015 + number % 11}-{number}",
            _ => $"GHSA-{GhsaId(number)}",
        };
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("schema_version", "1.6.0");
            w.WriteString("id", id);
            w.WriteString("modified", modified.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            w.WriteString("published", modified.AddDays(-30).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            switch (family)
            {
                case PackageFamily.Debian:
                    DebianRecord(w, random, cve, index, fixedAfter);
                    break;
                case PackageFamily.Alpine:
                    AlpineRecord(w, random, cve, index, fixedAfter);
                    break;
                default:
                    LanguageRecord(w, random, family, cve, number, index, fixedAfter);
                    break;
            }

            w.WriteEndObject();
        }

        return (id, cve, buffer.ToArray());
    }

    private static PackageFamily PickFamily(Random random)
    {
        var x = random.NextDouble();
        for (var f = 0; f < RecordShare.Length; f++)
        {
            x -= RecordShare[f];
            if (x < 0)
            {
                return (PackageFamily)f;
            }
        }

        return PackageFamily.Go;
    }

    private static void DebianRecord(Utf8JsonWriter w, Random random, string cve, int index, int? fixedAfter)
    {
        const PackageFamily family = PackageFamily.Debian;
        var source = PackageCatalog.Name(family, index);
        var (major, minor, patch) = PackageCatalog.Upstream(family, index);
        var revision = PackageCatalog.DebianRevision(family, index);
        var installed = PackageCatalog.VersionCount(family, index);
        Strings(w, "upstream", cve);
        w.WriteString("details", $"{cve}: a flaw in {source}. " + Text(random, 200));
        w.WriteStartArray("affected");
        foreach (var (release, codename) in new[] { ("11", "bullseye"), ("12", "bookworm"), ("13", "trixie") })
        {
            string? fix;
            if (release == "12")
            {
                var x = random.Next(100);
                fix = fixedAfter is { } k ? $"{major}.{minor}.{patch}-{revision}+deb12u{k + 1}"
                    : x < 82 ? $"{major - 1}.{random.Next(30)}.{random.Next(20)}-{1 + random.Next(3)}"
                    : x < 91 ? $"{major}.{minor}.{patch}-{revision}+deb12u{1 + random.Next(installed)}"
                    : null;
            }
            else
            {
                fix = release == "11"
                    ? random.Next(10) == 0 ? null : $"{major - 1}.{minor}.{patch}-{revision}+deb11u{1 + random.Next(3)}"
                    : $"{major}.{minor + 1}.0-1";
            }

            w.WriteStartObject();
            Package(w, $"Debian:{release}", source, $"pkg:deb/debian/{source}?arch=source&distro={codename}");
            Ranges(w, "ECOSYSTEM", ("introduced", "0"), ("fixed", fix));
            w.WriteStartObject("ecosystem_specific");
            w.WriteString("urgency", random.Next(3) switch { 0 => "low", 1 => "not yet assigned", _ => "unimportant" });
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        References(w, $"https://security-tracker.debian.org/tracker/{cve}");
    }

    private static void AlpineRecord(Utf8JsonWriter w, Random random, string cve, int index, int? fixedAfter)
    {
        const PackageFamily family = PackageFamily.Alpine;
        var origin = PackageCatalog.Name(family, index);
        var (major, minor, patch) = PackageCatalog.Upstream(family, index);
        var installed = PackageCatalog.VersionCount(family, index);
        Strings(w, "upstream", cve);
        w.WriteString("details", Text(random, 150));
        w.WriteStartArray("affected");
        for (var release = 16; release <= 21; release++)
        {
            var fix = release switch
            {
                19 when fixedAfter is { } k => $"{major}.{minor}.{patch}-r{k + 1}",
                19 => random.Next(100) < 80 ? $"{major - 1}.{random.Next(30)}.{random.Next(20)}-r{random.Next(5)}" : $"{major}.{minor}.{patch}-r{1 + random.Next(installed)}",
                < 19 => $"{major - 1}.{minor}.{patch}-r{random.Next(5)}",
                _ => $"{major}.{minor}.{patch + 1}-r0",
            };
            w.WriteStartObject();
            Package(w, $"Alpine:v3.{release}", origin, $"pkg:apk/alpine/{origin}?arch=source");
            Ranges(w, "ECOSYSTEM", ("introduced", "0"), ("fixed", fix));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        References(w, $"https://security.alpinelinux.org/vuln/{cve}");
    }

    private static void LanguageRecord(Utf8JsonWriter w, Random random, PackageFamily family, string cve, int number, int index, int? fixedAfter)
    {
        var (major, minor, patch) = PackageCatalog.Upstream(family, index);
        var installed = PackageCatalog.VersionCount(family, index);
        var line = $"{major - 1}.{minor}";
        var lowest = patch - 2 * (installed - 1);
        var ecosystem = PackageCatalog.PackageEcosystem(family);
        var name = PackageCatalog.Name(family, index);
        if (family == PackageFamily.Go)
        {
            Strings(w, "aliases", cve, $"GHSA-{GhsaId(number + 5_000_000)}");
        }
        else
        {
            Strings(w, "aliases", cve);
            if (family == PackageFamily.PyPI && random.Next(10) < 3)
            {
                name = name.ToLowerInvariant(); // PyPA records often spell names as normalized; matching folds them
            }
        }

        w.WriteString("summary", $"Denial of service in {name}");
        w.WriteString("details", "### Impact\n" + Text(random, 1_200) + "\n### Patches\n" + Text(random, 300));
        w.WriteStartArray("severity");
        w.WriteStartObject();
        w.WriteString("type", "CVSS_V3");
        w.WriteString("score", random.Next(3) switch
        {
            0 => "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
            1 => "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H",
            _ => "CVSS:3.1/AV:N/AC:H/PR:L/UI:R/S:U/C:L/I:L/A:N",
        });
        w.WriteEndObject();
        w.WriteEndArray();
        var type = family == PackageFamily.Go ? "SEMVER" : "ECOSYSTEM";
        w.WriteStartArray("affected");
        var entries = fixedAfter is null ? 1 + random.Next(3) : 1;
        for (var r = 0; r < entries; r++)
        {
            w.WriteStartObject();
            Package(w, ecosystem, name, null);
            if (r == 0)
            {
                // The installed line: (major-1).minor, patch levels lowest, lowest+2, … patch.
                var x = random.Next(100);
                var (kind, bound) = fixedAfter is { } k ? ("fixed", $"{line}.{lowest + 2 * k + 1}")
                    : x < 70 ? ("fixed", $"{line}.{random.Next(lowest)}")
                    : x < 95 ? ("fixed", $"{line}.{lowest + random.Next(patch - lowest + 2)}")
                    : ("last_affected", $"{line}.{patch + random.Next(3)}");
                Ranges(w, type, ("introduced", "0"), (kind, bound));
            }
            else
            {
                // Newer major lines than any installed version.
                Ranges(w, type, ("introduced", $"{major + r - 1}.0.0"), ("fixed", $"{major + r - 1}.{random.Next(10)}.{random.Next(10)}"));
            }

            w.WriteStartObject("database_specific");
            w.WriteString("last_known_affected_version_range", $"< {major}.0.0");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        References(w, $"https://nvd.nist.gov/vuln/detail/{cve}", "https://github.com/advisories");
        w.WriteStartObject("database_specific");
        Strings(w, "cwe_ids", "CWE-400");
        w.WriteString("severity", "HIGH");
        w.WriteBoolean("github_reviewed", true);
        w.WriteEndObject();
    }

    /// <summary>One <c>ranges</c> array with one range; events whose version is null are left out (no fix yet).</summary>
    private static void Ranges(Utf8JsonWriter w, string type, params (string Kind, string? Version)[] events)
    {
        w.WriteStartArray("ranges");
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteStartArray("events");
        foreach (var (kind, version) in events)
        {
            if (version is not null)
            {
                Event(w, kind, version);
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>A GHSA-shaped id that is unique per number: a bijection of the number onto 12 base-20 digits.</summary>
    private static string GhsaId(int number)
    {
        const string alphabet = "23456789cfghjmpqrvwx";
        const long space = 4_096_000_000_000_000; // 20^12
        var n = (number * 1_000_003L + 7_919) % space;
        Span<char> chars = stackalloc char[12];
        for (var c = 0; c < 12; c++)
        {
            chars[c] = alphabet[(int)(n % 20)];
            n /= 20;
        }

        return $"{chars[..4]}-{chars[4..8]}-{chars[8..]}";
    }
}
