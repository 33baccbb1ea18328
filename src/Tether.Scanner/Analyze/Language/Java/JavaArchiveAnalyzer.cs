using System.IO.Compression;
using System.Runtime.InteropServices;
using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Language.Java;

/// <summary>
/// Java archives (<c>.jar</c>, <c>.war</c>, <c>.ear</c>, Jenkins <c>.hpi</c>/<c>.jpi</c>): every
/// <c>META-INF/maven/{groupId}/{artifactId}/pom.properties</c> is a Maven package (a shaded jar holds several).
/// When none names the archive itself, its <c>META-INF/MANIFEST.MF</c> (<c>Implementation-Version</c>,
/// <c>Bundle-Version</c>) and its file name (<c>artifact-1.2.3.jar</c>) give a package without a groupId (the manifest
/// does not state one reliably). Archives inside archives (<c>WEB-INF/lib</c>, <c>BOOT-INF/lib</c>, an EAR's modules)
/// are read in memory to depth 2, never extracted; entry names are only compared, so traversal names are harmless.
/// Bounds: entries per archive, bytes per nested archive and per metadata file, and total inflated bytes across
/// the file; passing one raises an <see cref="InputException"/> (a decompression bomb is reported, not read).
/// A nested entry that is not a zip is skipped.
/// </summary>
public sealed class JavaArchiveAnalyzer : IFileAnalyzer
{
    internal const int MaxDepth = 2;
    internal const int MaxEntries = 200_000;
    internal const long MaxNestedBytes = 64L * 1024 * 1024;
    internal const long MaxMetadataBytes = 1024 * 1024;
    internal const long MaxInflatedBytes = 256L * 1024 * 1024;

    internal static readonly string[] ArchiveExtensions = [".jar", ".war", ".ear", ".hpi", ".jpi"];

    private readonly long _maxInflatedBytes;

    public JavaArchiveAnalyzer()
        : this(MaxInflatedBytes)
    {
    }

    /// <summary>With a smaller total budget (tests exercise the limit without inflating hundreds of megabytes).</summary>
    internal JavaArchiveAnalyzer(long maxInflatedBytes) => _maxInflatedBytes = maxInflatedBytes;

    public string Name => "java-archive";

    public long MaxBytes => 256L * 1024 * 1024;

    public bool Wants(string path) => IsArchiveName(path);

    public IReadOnlyList<ScannedPackage> Analyze(string path, ReadOnlyMemory<byte> content)
    {
        if (content.Length > MaxBytes)
        {
            throw new InputException(path, null, $"{content.Length} bytes is over the {MaxBytes}-byte limit for Java archives.");
        }

        var collector = new PackageCollector(path);
        var reader = new Reader(path, collector, _maxInflatedBytes);
        reader.ReadArchive(content, AnalyzerPath.FileName(path), member: null, depth: 0);
        return collector.ToList();
    }

    private static bool IsArchiveName(string name)
    {
        foreach (var extension in ArchiveExtensions)
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase) && name.Length > extension.Length && name[^(extension.Length + 1)] != '/')
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Reader(string path, PackageCollector collector, long maxInflatedBytes)
    {
        private readonly long _maxInflatedBytes = maxInflatedBytes;
        private long _inflatedBudget = maxInflatedBytes;

        public void ReadArchive(ReadOnlyMemory<byte> bytes, string fileName, string? member, int depth)
        {
            var field = member ?? "zip";
            ZipDirectory.EnsureAtMost(bytes.Span, MaxEntries, path, field);
            try
            {
                using var archive = new ZipArchive(AsStream(bytes), ZipArchiveMode.Read);
                Read(archive, fileName, member, depth);
            }
            catch (Exception e) when (e is InvalidDataException or NotSupportedException or ArgumentException)
            {
                if (depth > 0 && e is InvalidDataException)
                {
                    return;
                }

                throw new InputException(path, field, "is not a readable zip archive: " + e.Message, e);
            }
        }

        private void Read(ZipArchive archive, string fileName, string? member, int depth)
        {
            var poms = new List<MavenCoordinates>();
            IReadOnlyDictionary<string, string>? manifest = null;
            var nested = new List<ZipArchiveEntry>();
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName;
                if (PomPropertiesPath(name) is var (groupFromPath, artifactFromPath))
                {
                    var properties = JavaProperties.Parse(Inflate(entry, MaxMetadataBytes, member));
                    if (MavenCoordinates.From(properties, groupFromPath, artifactFromPath) is { } coordinates)
                    {
                        poms.Add(coordinates);
                    }
                }
                else if (name.Equals("META-INF/MANIFEST.MF", StringComparison.OrdinalIgnoreCase))
                {
                    manifest = JarManifest.ParseMain(Inflate(entry, MaxMetadataBytes, member));
                }
                else if (depth < MaxDepth && IsArchiveName(name))
                {
                    nested.Add(entry);
                }
            }

            foreach (var pom in poms)
            {
                Add(pom, member);
            }

            var own = MavenCoordinates.FromFileName(fileName);
            if (poms.Count == 0 || (own is not null && !poms.Exists(p => p.ArtifactId == own.ArtifactId)))
            {
                if (MavenCoordinates.FromManifest(manifest, own) is { } fallback)
                {
                    Add(fallback, member);
                }
            }

            foreach (var entry in nested)
            {
                var inner = member is null ? entry.FullName : member + "!/" + entry.FullName;
                ReadArchive(Inflate(entry, MaxNestedBytes, member), AnalyzerPath.FileName(entry.FullName), inner, depth + 1);
            }
        }

        private void Add(MavenCoordinates coordinates, string? member) =>
            collector.Add(new ScannedPackage("maven", PackageCollector.Coordinate(coordinates.ArtifactId, path, "artifactId"), PackageCollector.Coordinate(coordinates.Version, path, "version"))
            {
                Namespace = coordinates.GroupId,
                Path = path,
                Member = member,
            });

        private byte[] Inflate(ZipArchiveEntry entry, long limit, string? member)
        {
            var field = member is null ? entry.FullName : member + "!/" + entry.FullName;
            if (entry.Length > limit)
            {
                throw new InputException(path, field, $"declares {entry.Length} bytes; at most {limit} are read from one entry.");
            }

            // The framework stops inflating at the declared size; the bounded read is the second wall, and the budget
            // stops an archive of many entries that are each under the limit.
            if (entry.Length > _inflatedBudget)
            {
                throw new InputException(path, field, $"would take the archive past {_maxInflatedBytes} inflated bytes in all; not read further (a decompression bomb?).");
            }

            using var stream = entry.Open();
            var bytes = BoundedRead.ReadAll(stream, Math.Min(limit, _inflatedBudget), path, field);
            _inflatedBudget -= bytes.Length;
            return bytes;
        }

        // META-INF/maven/{groupId}/{artifactId}/pom.properties, with real names (no empty, '.' or '..' segments).
        private static (string GroupId, string ArtifactId)? PomPropertiesPath(string name)
        {
            if (!name.StartsWith("META-INF/maven/", StringComparison.Ordinal) || !name.EndsWith("/pom.properties", StringComparison.Ordinal))
            {
                return null;
            }

            var parts = name.Split('/');
            return parts.Length == 5 && IsName(parts[2]) && IsName(parts[3]) ? (parts[2], parts[3]) : null;
        }

        private static bool IsName(string segment) => segment.Length > 0 && segment is not ("." or "..");

        private static MemoryStream AsStream(ReadOnlyMemory<byte> bytes) =>
            MemoryMarshal.TryGetArray(bytes, out var array)
                ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
                : new MemoryStream(bytes.ToArray(), writable: false);
    }
}
