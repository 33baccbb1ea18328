using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Tether.Testing;
using Xunit;

namespace Tether.Cli.Tests;

/// <summary>
/// <c>tether scan</c> end to end on real images: scripts/build-test-images.sh makes a Debian 12 root with
/// <c>debootstrap --variant=minbase bookworm</c>, installs busybox and bookworm's openssl with apt-get in it (and, for
/// the second image, upgrades openssl to bookworm-security's), turns each step into a layer; the images are pushed to
/// a real registry and scanned against the OSV records derived from the same packages' changelogs. Every expected value
/// comes from outside the scanner: the package list from <c>dpkg-query</c> on the image's root filesystem, the
/// installing layer from the build, the findings from the OSV files compared with <c>dpkg --compare-versions</c>.
/// </summary>
public sealed class ScanEndToEndTests(ScanEndToEndTests.Images images) : IClassFixture<ScanEndToEndTests.Images>
{
    public static TheoryData<string> Tags => new() { "openssl-old", "openssl-new", "busybox-removed" };

    /// <summary>Where the build put a few packages, written out (null: not in the image).</summary>
    public static TheoryData<string, string, int?> KnownLayers => new()
    {
        { "openssl-old", "zlib1g", 1 },
        { "openssl-old", "busybox", 2 },
        { "openssl-old", "openssl", 3 },
        { "openssl-old", "libssl3", 3 },
        { "openssl-new", "busybox", 2 },
        { "openssl-new", "openssl", 4 },
        { "openssl-new", "libssl3", 4 },
        { "busybox-removed", "zlib1g", 1 },
        { "busybox-removed", "busybox", null },
        { "busybox-removed", "libssl3", null },
    };

    [Theory]
    [MemberData(nameof(Tags))]
    public void The_packages_are_exactly_those_dpkg_query_reads_from_the_image_root(string tag)
    {
        var image = images.Get(tag);
        // dpkg-query prints the binary's own name and version as the source when the Source field leaves them out.
        var scanned = image.Packages.Select(p => $"{p.Ecosystem}\t{p.Name}\t{p.Version}\t{p.SourceName ?? p.Name}\t{p.SourceVersion ?? p.Version}")
            .Order(StringComparer.Ordinal).ToList();
        var expected = image.Installed.Select(p => $"Debian:12\t{p.Name}\t{p.Version}\t{p.SourceName}\t{p.SourceVersion}")
            .Order(StringComparer.Ordinal).ToList();

        Assert.True(expected.Count > 80, $"dpkg-query listed only {expected.Count} packages");
        Assert.Equal(expected, scanned);
    }

    [Theory]
    [MemberData(nameof(Tags))]
    public void Each_package_is_attributed_to_the_layer_that_installed_it(string tag)
    {
        var image = images.Get(tag);
        var expected = image.Installed.ToDictionary(p => p.Name, p => image.LayerInstalling(p.Name, p.Version), StringComparer.Ordinal);

        var actual = image.Packages.ToDictionary(p => p.Name, p => p.Layer, StringComparer.Ordinal);

        Assert.Equal(Lines(expected), Lines(actual));
    }

    [Theory]
    [MemberData(nameof(KnownLayers))]
    public void A_package_sits_in_the_layer_whose_step_installed_it(string tag, string package, int? layer)
    {
        var found = images.Get(tag).Packages.Where(p => p.Name == package).Select(p => (int?)p.Layer).ToList();

        Assert.Equal(layer is null ? [] : [layer], found);
    }

    [Theory]
    [MemberData(nameof(Tags))]
    public void Each_layer_has_the_diff_id_and_build_step_that_made_it(string tag)
    {
        var image = images.Get(tag);

        Assert.Equal(image.Built.Select(l => l.DiffId), image.Layers.Select(l => l.DiffId));
        Assert.Equal(image.Built.Select(l => l.CreatedBy), image.Layers.Select(l => l.CreatedBy));
        var step = tag switch
        {
            "openssl-old" => $"RUN /bin/sh -c apt-get install -y --no-install-recommends /tmp/debs/openssl_{images.Manifest.OpensslOld}_amd64.deb",
            "openssl-new" => $"RUN /bin/sh -c apt-get install -y --no-install-recommends /tmp/debs/openssl_{images.Manifest.OpensslNew}_amd64.deb",
            _ => "RUN /bin/sh -c apt-get purge -y busybox",
        };
        Assert.StartsWith(step, image.Layers[^1].CreatedBy, StringComparison.Ordinal);
        Assert.StartsWith("debootstrap --variant=minbase bookworm", image.Layers[0].CreatedBy, StringComparison.Ordinal);
        Assert.Equal(("debian", "12"), image.Os);
    }

    [Theory]
    [MemberData(nameof(Tags))]
    public void Findings_are_the_advisories_fixed_after_each_installed_source_version(string tag)
    {
        var image = images.Get(tag);
        var expected = image.Expected.Select(f => (f with { Layer = image.LayerInstalling(f.Package, f.Version) }).ToString()).Order(StringComparer.Ordinal).ToList();

        var actual = image.Findings.Select(f => f.ToString()).Order(StringComparer.Ordinal).ToList();

        // Not a vacuous comparison: every package's advisories were weighed (the new image may well have none left).
        Assert.True(image.Weighed > 200, $"the oracle weighed only {image.Weighed} advisory-package pairs");
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Upgrading_openssl_leaves_strictly_fewer_openssl_findings()
    {
        static List<Finding> OnOpenssl(ScannedImage image) => image.Findings.Where(f => f.Package is "openssl" or "libssl3").ToList();

        var old = OnOpenssl(images.Get("openssl-old"));
        var upgraded = OnOpenssl(images.Get("openssl-new"));

        Assert.NotEmpty(old);
        Assert.True(upgraded.Count < old.Count, $"{upgraded.Count} findings on openssl after the upgrade, {old.Count} before");
        Assert.All(old, f => Assert.Equal(images.Get("openssl-old").Built[2].Layer, f.Layer));
        Assert.Subset(old.Select(f => f.Id).ToHashSet(), upgraded.Select(f => f.Id).ToHashSet());
    }

    [Fact]
    public void Later_images_reuse_the_cached_layers_they_share_with_earlier_ones()
    {
        Assert.Equal([false, false, false], images.Get("openssl-old").Layers.Select(l => l.FromCache));
        Assert.Equal([true, true, true, false], images.Get("openssl-new").Layers.Select(l => l.FromCache));
        Assert.Equal([true, true, false], images.Get("busybox-removed").Layers.Select(l => l.FromCache));
    }

    [Fact]
    public void Purging_a_package_leaves_whiteouts_for_its_files_in_the_image_that_no_longer_lists_it()
    {
        var image = images.Get("busybox-removed");

        Assert.Contains("usr/bin/busybox", image.Built[2].Whiteouts);
        Assert.Contains("var/lib/dpkg/info/busybox.list", image.Built[2].Whiteouts);
        Assert.DoesNotContain(image.Packages, p => p.Name == "busybox");
        Assert.Equal(images.Get("openssl-old").Packages.Count - 3, image.Packages.Count);
    }

    [Fact]
    public void The_application_image_is_built_on_the_stored_openssl_image_found_by_its_layers()
    {
        var scan = images.ScanJson["app"];
        var baseImage = scan.GetProperty("baseImage");

        Assert.Equal(images.Manifest.Images.Single(i => i.Tag == "openssl-old").Digest, baseImage.GetProperty("digest").GetString());
        Assert.Equal(3, baseImage.GetProperty("layers").GetInt32());
        Assert.Equal("base-image-match", baseImage.GetProperty("method").GetString());
        Assert.Equal([true, true, true, false, false], scan.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("fromBaseImage").GetBoolean()));
        // Images scanned before any longer image shares their layers have no stored base.
        Assert.Equal(JsonValueKind.Null, images.ScanJson["openssl-old"].GetProperty("baseImage").ValueKind);
    }

    [Theory]
    [InlineData("lodash", 5, "RUN npm ci", "layer-history-match")]
    [InlineData("libssl3", 1, "FROM debian:12-slim", "base-image-match")]
    [InlineData("zlib1g", 1, "FROM debian:12-slim", "base-image-match")]
    public void The_scan_names_the_Dockerfile_line_that_installed_each_package(string package, int line, string instruction, string method)
    {
        var scanned = images.ScanJson["app"].GetProperty("packages").EnumerateArray().Single(p => p.GetProperty("name").GetString() == package);
        var dockerfile = scanned.GetProperty("dockerfile");

        Assert.Equal(line, dockerfile.GetProperty("line").GetInt32());
        Assert.Equal(instruction, dockerfile.GetProperty("instruction").GetString());
        Assert.Equal(method, dockerfile.GetProperty("method").GetString());
    }

    [Fact]
    public void The_scan_gives_the_COPY_layer_its_line_past_the_history_entries_that_made_no_layer()
    {
        var layers = images.ScanJson["app"].GetProperty("layers").EnumerateArray().ToList();

        Assert.Equal("COPY package.json ./ # buildkit", layers[3].GetProperty("createdBy").GetString());
        Assert.Equal(4, layers[3].GetProperty("dockerfile").GetProperty("line").GetInt32());
        Assert.Equal("COPY package.json ./", layers[3].GetProperty("dockerfile").GetProperty("instruction").GetString());
        Assert.Equal("RUN /bin/sh -c npm ci # buildkit", layers[4].GetProperty("createdBy").GetString());
    }

    [Fact]
    public void Tracing_an_OpenSSL_CVE_reaches_the_Dockerfile_FROM_line_through_the_base_image()
    {
        var source = AppFinding(images.OpensslCve, "libssl3").GetProperty("source").GetProperty("dockerfile");

        Assert.Equal(1, source.GetProperty("line").GetInt32());
        Assert.Equal("FROM debian:12-slim", source.GetProperty("instruction").GetString());
        Assert.Equal("base-image-match", source.GetProperty("attribution").GetString());
        Assert.Equal(0.95, source.GetProperty("confidence").GetDouble());
    }

    [Fact]
    public void Tracing_the_lodash_CVE_reaches_the_RUN_npm_ci_line()
    {
        var source = AppFinding(Images.LodashCve, "lodash").GetProperty("source").GetProperty("dockerfile");

        Assert.Equal(5, source.GetProperty("line").GetInt32());
        Assert.Equal("RUN npm ci", source.GetProperty("instruction").GetString());
        Assert.Equal("layer-history-match", source.GetProperty("attribution").GetString());
    }

    [Theory]
    [InlineData("openssl-old", "/bin/busybox", "/usr/bin/busybox", "busybox_*.deb", "./bin/busybox", 2)]
    [InlineData("openssl-old", "/usr/bin/openssl", "/usr/bin/openssl", "openssl_{old}_amd64.deb", "./usr/bin/openssl", 3)]
    [InlineData("openssl-new", "/usr/bin/openssl", "/usr/bin/openssl", "openssl_{new}_amd64.deb", "./usr/bin/openssl", 4)]
    public async Task The_file_index_has_each_binary_with_the_hash_its_package_shipped_and_the_layer_that_installed_it(
        string tag, string path, string resolved, string deb, string member, int layer)
    {
        var expected = await images.DebFileSha256Async(
            deb.Replace("{old}", images.Manifest.OpensslOld.Replace(":", "%3a", StringComparison.Ordinal), StringComparison.Ordinal)
                .Replace("{new}", images.Manifest.OpensslNew.Replace(":", "%3a", StringComparison.Ordinal), StringComparison.Ordinal),
            member);

        var lookup = await FilesAsync(tag, "--path", path);

        Assert.Equal("present", lookup.GetProperty("status").GetString());
        Assert.Equal(resolved, lookup.GetProperty("resolved").GetString());
        var file = lookup.GetProperty("file");
        Assert.Equal(expected, file.GetProperty("sha256").GetString());
        Assert.Equal(layer, file.GetProperty("layer").GetInt32());
        Assert.Equal("0755", file.GetProperty("mode").GetString());
    }

    [Theory]
    [InlineData("busybox-removed", "/bin/busybox")]        // deleted by the purge layer's whiteout
    [InlineData("busybox-removed", "/usr/bin/busybox")]
    [InlineData("openssl-old", "/usr/bin/not-in-the-image")]
    [InlineData("openssl-new", "/usr/local/bin/openssl")]
    public async Task A_path_the_image_does_not_hold_is_absent(string tag, string path)
    {
        var lookup = await FilesAsync(tag, "--path", path);

        Assert.Equal("absent", lookup.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, lookup.GetProperty("file").ValueKind);
    }

    [Fact]
    public async Task Listing_executables_by_glob_gives_hashed_executables_only()
    {
        var listing = await FilesAsync("openssl-old", "--path", "/usr/bin/*", "--executables");

        var files = listing.GetProperty("files").EnumerateArray().ToList();
        Assert.True(files.Count > 50, $"only {files.Count} executables in /usr/bin");
        Assert.All(files, f => Assert.StartsWith("sha256:", f.GetProperty("sha256").GetString(), StringComparison.Ordinal));
        Assert.All(files, f => Assert.Matches("^/usr/bin/[^/]+$", f.GetProperty("path").GetString()));
        Assert.Contains(files, f => f.GetProperty("path").GetString() == "/usr/bin/openssl");
        Assert.DoesNotContain(files, f => f.GetProperty("path").GetString() == "/usr/bin/not-in-the-image");
    }

    [Fact]
    public async Task Without_the_layers_in_the_cache_the_answer_is_unknown_not_absent()
    {
        var result = await TetherProcess.RunAsync(["scan", "files", images.DigestOf("openssl-old"), "--path", "/usr/bin/openssl", "--db", images.Db,
            "--cache-dir", Path.Combine(images.Output, "no-cache-here"), "-o", "json"]);

        Assert.Equal(3, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal("unknown", json.RootElement.GetProperty("status").GetString());
    }

    private async Task<JsonElement> FilesAsync(string tag, params string[] options)
    {
        var result = await TetherProcess.RunAsync(["scan", "files", images.DigestOf(tag), .. options, "--db", images.Db, "-o", "json"], images.ScanEnvironment);
        Assert.True(result.ExitCode == 0, $"tether scan files exited {result.ExitCode}: {result.Stderr}");
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    /// <summary>The trace's finding on this package in the application image (the CVE may be in the other images too).</summary>
    private JsonElement AppFinding(string cve, string package) =>
        images.Traces[cve].GetProperty("findings").EnumerateArray()
            .Single(f => f.GetProperty("registry").GetProperty("digest").GetString() == images.AppDigest
                && f.GetProperty("package").GetProperty("name").GetString() == package);

    private static List<string> Lines(Dictionary<string, int> layers) => layers.Select(l => $"{l.Key} in layer {l.Value}").Order(StringComparer.Ordinal).ToList();

    public sealed record InstalledPackage(string Name, string Version, string SourceName, string SourceVersion);

    public sealed record ScannedPackage(string Ecosystem, string Name, string Version, string? SourceName, string? SourceVersion, int Layer);

    public sealed record ScannedLayer(string DiffId, string? CreatedBy, bool FromCache);

    /// <summary>One finding as compared: the vulnerability, the binary package and version, the fixed version, the layer.</summary>
    public sealed record Finding(string Id, string Package, string Version, string? Fixed, int? Layer)
    {
        public override string ToString() => $"{Id} {Package} {Version} fixed {Fixed} layer {Layer}";
    }

    public sealed record BuiltLayer(
        int Layer, string Name, string DiffId, string CreatedBy, IReadOnlyDictionary<string, string> Installs, IReadOnlyList<string> Whiteouts);

    public sealed record ScannedImage(
        string Tag, IReadOnlyList<InstalledPackage> Installed, IReadOnlyList<BuiltLayer> Built, IReadOnlyList<ScannedPackage> Packages,
        IReadOnlyList<ScannedLayer> Layers, IReadOnlyList<Finding> Findings, (string?, string?) Os)
    {
        /// <summary>The findings the advisories and dpkg's version order call for (layer left null).</summary>
        public IReadOnlyList<Finding> Expected { get; init; } = [];

        /// <summary>How many (package, advisory of its source) pairs the oracle compared.</summary>
        public int Weighed { get; init; }

        /// <summary>The topmost layer whose build step installed this package at this version, else the base (debootstrap).</summary>
        public int LayerInstalling(string name, string version) =>
            Built.LastOrDefault(l => l.Installs.TryGetValue(name, out var v) && v == version)?.Layer ?? 1;
    }

    public sealed record BuildManifest(string OpensslOld, string OpensslNew, IReadOnlyList<(string Tag, string Root, IReadOnlyList<BuiltLayer> Layers, string Digest)> Images);

    /// <summary>Builds (or reuses) the images, pushes them to the test registry, imports the advisories and scans each image once.</summary>
    public sealed class Images : IAsyncLifetime
    {
        private readonly TempDirectory _dir = new();
        private readonly Dictionary<string, ScannedImage> _scanned = new(StringComparer.Ordinal);
        private bool _startedRegistry;

        public BuildManifest Manifest { get; private set; } = null!;

        public ScannedImage Get(string tag) => _scanned[tag];

        public async Task InitializeAsync()
        {
            var output = TestData.Repo(".tether", "test-images");
            await RunAsync(TimeSpan.FromMinutes(20), TestData.Repo("scripts", "build-test-images.sh"), output);
            Manifest = ReadManifest(Path.Combine(output, "images.json"));
            var registry = await RegistryAsync();
            var repository = $"scan-e2e-{Guid.NewGuid().ToString("N")[..8]}";
            foreach (var (tag, _, _, _) in Manifest.Images)
            {
                await RunAsync(TimeSpan.FromMinutes(5), "skopeo", "copy", "--quiet", "--dest-tls-verify=false",
                    $"oci:{Path.Combine(output, "layout")}:{tag}", $"docker://{registry}/{repository}:{tag}");
            }

            var db = _dir.File("t.db");
            var import = await TetherProcess.RunAsync("db", "import", "osv", TestData.Shared("osv", "debian12-changelog"),
                TestData.Shared("osv", "ghsa", "GHSA-jf85-cpcp-j695.json"), TestData.Shared("osv", "ghsa", "GHSA-p6mc-m468-83gw.json"), "--db", db);
            Assert.True(import.ExitCode == 0, import.Stderr);
            var oracle = AdvisoryOracle.Read(TestData.Shared("osv", "debian12-changelog"));

            // The application image's build, reported from CI before it is scanned (a recorded GitHub Actions environment):
            // the scan then knows its Dockerfile.
            AppDigest = Manifest.Images.Single(i => i.Tag == "app").Digest;
            var report = await TetherProcess.RunAsync("ci", "report", "--env-file", TestData.Shared("ci", "ghactx_push.env"),
                "--image", $"{registry}/{repository}:app@{AppDigest}", "--dockerfile", Path.Combine(output, "app", "Dockerfile"), "--db", db);
            Assert.True(report.ExitCode == 0, $"tether ci report exited {report.ExitCode}: {report.Stderr}");

            // One layer cache for both scans, in the order the images were built: the second finds three layers cached.
            var environment = new Dictionary<string, string> { ["XDG_CACHE_HOME"] = _dir.File("cache") };
            (Db, ScanEnvironment, Output) = (db, environment, output);
            foreach (var (tag, root, layers, _) in Manifest.Images)
            {
                var scan = await TetherProcess.RunAsync(["scan", $"{registry}/{repository}:{tag}", "--db", db, "-o", "json"], environment);
                Assert.True(scan.ExitCode == 0, $"tether scan {tag} exited {scan.ExitCode}: {scan.Stderr}");
                ScanJson[tag] = JsonDocument.Parse(scan.Stdout).RootElement.Clone();
                var installed = await DpkgQueryAsync(root);
                var (expected, weighed) = await oracle.AffectedAsync(installed);
                _scanned[tag] = ReadScan(tag, scan.Stdout, installed, layers) with { Expected = expected, Weighed = weighed };
            }

            // An OpenSSL CVE the base layers hold, and lodash's prototype pollution, traced through the graph.
            OpensslCve = _scanned["app"].Findings.Where(f => f.Package == "libssl3").Select(f => f.Id).Order(StringComparer.Ordinal).First();
            foreach (var cve in new[] { OpensslCve, LodashCve })
            {
                var trace = await TetherProcess.RunAsync("trace", cve, "--db", db, "-o", "json");
                Assert.True(trace.ExitCode == 0, $"tether trace {cve} exited {trace.ExitCode}: {trace.Stderr}");
                Traces[cve] = JsonDocument.Parse(trace.Stdout).RootElement.Clone();
            }
        }

        /// <summary>GHSA-jf85-cpcp-j695's CVE: lodash before 4.17.12.</summary>
        public const string LodashCve = "CVE-2019-10744";

        public string AppDigest { get; private set; } = "";

        public string Db { get; private set; } = "";

        /// <summary>The scans' environment: their shared layer cache.</summary>
        public Dictionary<string, string> ScanEnvironment { get; private set; } = [];

        /// <summary>The build's output directory (its .deb cache holds the packages' own files).</summary>
        public string Output { get; private set; } = "";

        public string DigestOf(string tag) => Manifest.Images.Single(i => i.Tag == tag).Digest;

        /// <summary>sha256 of a file inside a downloaded .deb (<c>dpkg-deb --fsys-tarfile | tar -xO</c>): the ground truth for the index's hashes.</summary>
        public async Task<string> DebFileSha256Async(string debGlob, string member)
        {
            var deb = Directory.GetFiles(Path.Combine(Output, "cache", "debs"), debGlob).Single();
            var hash = await RunAsync(TimeSpan.FromMinutes(1), "sh", "-c", $"dpkg-deb --fsys-tarfile '{deb}' | tar -xO '{member}' | sha256sum");
            return "sha256:" + hash.Split(' ')[0];
        }

        public string OpensslCve { get; private set; } = "";

        /// <summary><c>tether scan -o json</c> of each tag, as printed.</summary>
        public Dictionary<string, JsonElement> ScanJson { get; } = new(StringComparer.Ordinal);

        /// <summary><c>tether trace CVE -o json</c>, by CVE.</summary>
        public Dictionary<string, JsonElement> Traces { get; } = new(StringComparer.Ordinal);

        public async Task DisposeAsync()
        {
            if (_startedRegistry)
            {
                await RunAsync(TimeSpan.FromMinutes(1), TestData.Repo("scripts", "registry.sh"), "stop", _dir.File("registry"));
            }

            _dir.Dispose();
        }

        private async Task<string> RegistryAsync()
        {
            var fromScript = Environment.GetEnvironmentVariable("TETHER_TEST_REGISTRY");
            if (!string.IsNullOrEmpty(fromScript))
            {
                return fromScript;
            }

            var exports = await RunAsync(TimeSpan.FromMinutes(1), TestData.Repo("scripts", "registry.sh"), "start", _dir.File("registry"));
            _startedRegistry = true;
            const string Name = "export TETHER_TEST_REGISTRY=";
            return exports.Split('\n').Single(l => l.StartsWith(Name, StringComparison.Ordinal))[Name.Length..].Trim();
        }

        /// <summary>The ground truth: what dpkg itself says is installed in the image's root filesystem.</summary>
        private static async Task<List<InstalledPackage>> DpkgQueryAsync(string root)
        {
            var text = await RunAsync(TimeSpan.FromMinutes(1), "dpkg-query", $"--admindir={Path.Combine(root, "var", "lib", "dpkg")}", "-W",
                "-f", "${db:Status-Status}\t${Package}\t${Version}\t${source:Package}\t${source:Version}\n");
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t'))
                .Where(f => f[0] == "installed")
                .Select(f => new InstalledPackage(f[1], f[2], f[3], f[4]))
                .ToList();
        }

        private static BuildManifest ReadManifest(string path)
        {
            using var json = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = json.RootElement;
            var images = root.GetProperty("images").EnumerateArray().Select(i => (
                i.GetProperty("tag").GetString()!,
                i.GetProperty("root").GetString()!,
                (IReadOnlyList<BuiltLayer>)i.GetProperty("layers").EnumerateArray().Select((l, n) => new BuiltLayer(
                    n + 1,
                    l.GetProperty("name").GetString()!,
                    l.GetProperty("diffId").GetString()!,
                    l.GetProperty("createdBy").GetString()!,
                    l.GetProperty("installs").ValueKind == JsonValueKind.Null
                        ? new Dictionary<string, string>()
                        : l.GetProperty("installs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
                    l.GetProperty("whiteouts").EnumerateArray().Select(w => w.GetString()!).ToList())).ToList(),
                i.GetProperty("manifest").GetString()!))
                .ToList();
            return new BuildManifest(root.GetProperty("opensslOld").GetString()!, root.GetProperty("opensslNew").GetString()!, images);
        }

        private static ScannedImage ReadScan(string tag, string stdout, List<InstalledPackage> installed, IReadOnlyList<BuiltLayer> built)
        {
            using var json = JsonDocument.Parse(stdout);
            var root = json.RootElement;
            var packages = root.GetProperty("packages").EnumerateArray().Select(p => new ScannedPackage(
                p.GetProperty("ecosystem").GetString()!,
                p.GetProperty("name").GetString()!,
                p.GetProperty("version").GetString()!,
                p.GetProperty("source").ValueKind == JsonValueKind.Null ? null : p.GetProperty("source").GetProperty("name").GetString(),
                p.GetProperty("source").ValueKind == JsonValueKind.Null ? null : p.GetProperty("source").GetProperty("version").GetString(),
                p.GetProperty("layer").GetInt32())).ToList();
            var layers = root.GetProperty("layers").EnumerateArray().Select(l => new ScannedLayer(
                l.GetProperty("diffId").GetString()!,
                l.GetProperty("createdBy").GetString(),
                l.GetProperty("fromCache").GetBoolean())).ToList();
            var findings = root.GetProperty("findings").EnumerateArray().Select(f =>
            {
                var finding = f.GetProperty("finding");
                var package = finding.GetProperty("package");
                return new Finding(
                    finding.GetProperty("vulnerability").GetProperty("id").GetString()!,
                    package.GetProperty("name").GetString()!,
                    package.GetProperty("version").GetString()!,
                    finding.GetProperty("fixed").GetString(),
                    f.GetProperty("layer").ValueKind == JsonValueKind.Null ? null : f.GetProperty("layer").GetInt32());
            }).ToList();
            var os = root.GetProperty("os");
            return new ScannedImage(tag, installed, built, packages, layers, findings,
                (os.GetProperty("id").GetString(), os.GetProperty("version").GetString()));
        }
    }

    /// <summary>
    /// The expected findings, computed without the scanner: an OSV record of the debian12-changelog set names a source
    /// package and the version whose changelog entry fixed the CVE (<c>introduced: 0</c>, <c>fixed: V</c>); a binary
    /// package built from that source is affected when its source version sorts before V, as dpkg itself orders them.
    /// </summary>
    public sealed class AdvisoryOracle
    {
        private readonly List<(string Id, string Source, string Fixed)> _records;

        private AdvisoryOracle(List<(string Id, string Source, string Fixed)> records) => _records = records;

        public static AdvisoryOracle Read(string directory)
        {
            var records = new List<(string, string, string)>();
            foreach (var file in Directory.GetFiles(directory, "*.json"))
            {
                using var json = JsonDocument.Parse(File.ReadAllBytes(file));
                var alias = json.RootElement.GetProperty("aliases").EnumerateArray().Single().GetString()!;
                foreach (var affected in json.RootElement.GetProperty("affected").EnumerateArray())
                {
                    var events = affected.GetProperty("ranges").EnumerateArray().Single().GetProperty("events").EnumerateArray().ToList();
                    // The set's shape, checked so that a record of another shape fails here instead of being misread.
                    Assert.Equal("0", events[0].GetProperty("introduced").GetString());
                    Assert.Equal("Debian:12", affected.GetProperty("package").GetProperty("ecosystem").GetString());
                    records.Add((alias, affected.GetProperty("package").GetProperty("name").GetString()!, events.Single(e => e.TryGetProperty("fixed", out _)).GetProperty("fixed").GetString()!));
                }
            }

            return new AdvisoryOracle(records);
        }

        public async Task<(IReadOnlyList<Finding> Affected, int Weighed)> AffectedAsync(IReadOnlyList<InstalledPackage> installed)
        {
            var candidates = installed.SelectMany(p => _records.Where(r => r.Source == p.SourceName).Select(r => (Package: p, Record: r))).ToList();
            var pairs = candidates.Select(c => (c.Package.SourceVersion, c.Record.Fixed)).Distinct().ToList();
            var lower = await DpkgLessThanAsync(pairs);
            var affected = candidates.Where(c => lower.Contains((c.Package.SourceVersion, c.Record.Fixed)))
                .Select(c => new Finding(c.Record.Id, c.Package.Name, c.Package.Version, c.Record.Fixed, null))
                .ToList();
            return (affected, candidates.Count);
        }

        /// <summary>The pairs (a, b) for which <c>dpkg --compare-versions a lt b</c> succeeds, one dpkg process per pair, run by one shell.</summary>
        private static async Task<HashSet<(string, string)>> DpkgLessThanAsync(List<(string A, string B)> pairs)
        {
            var input = new StringBuilder();
            foreach (var (a, b) in pairs)
            {
                input.Append(a).Append(' ').Append(b).Append('\n');
            }

            var output = await RunWithInputAsync(TimeSpan.FromMinutes(2), input.ToString(), "sh", "-c",
                "while read a b; do if dpkg --compare-versions \"$a\" lt \"$b\"; then echo 1; else echo 0; fi; done");
            var verdicts = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(pairs.Count, verdicts.Length);
            return pairs.Where((_, i) => verdicts[i] == "1").ToHashSet();
        }
    }

    private static Task<string> RunAsync(TimeSpan timeout, string file, params string[] args) => RunWithInputAsync(timeout, null, file, args);

    private static async Task<string> RunWithInputAsync(TimeSpan timeout, string? stdin, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await error}");
        return await output;
    }
}
