using System.Buffers.Binary;
using Tether.Core.Errors;
using Tether.Scanner.Analyze.Language.Go;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Language;

public sealed class GoBinaryAnalyzerTests(GoBinaries go) : IClassFixture<GoBinaries>
{
    private static readonly byte[] BuildInfoMagic = [0xFF, .. " Go buildinf:"u8];

    private readonly GoBinaryAnalyzer _analyzer = new();

    private string Stdlib => "stdlib@" + go.GoVersion["go".Length..];

    [Theory]
    [InlineData("local", "example.com/tether/local@(devel)", "golang.org/x/mod@v0.7.0", "amd64")]
    [InlineData("vendored", "example.com/tether/vendored@(devel)", "example.com/fork/mod@v0.7.1", "amd64")]
    [InlineData("vendored-386", "example.com/tether/vendored@(devel)", "example.com/fork/mod@v0.7.1", "386")]
    [InlineData("vendored-s390x", "example.com/tether/vendored@(devel)", "example.com/fork/mod@v0.7.1", "s390x")]
    [InlineData("vendored-stripped", "example.com/tether/vendored@(devel)", "example.com/fork/mod@v0.7.1", "amd64")]
    public void A_real_binary_yields_its_main_module_dependencies_and_toolchain(string binary, string main, string dependency, string architecture)
    {
        const string path = "usr/local/bin/app";

        var packages = _analyzer.Analyze(path, File.ReadAllBytes(go.Binaries[binary]));

        Assert.Equal(new[] { main, dependency, Stdlib }.Order(StringComparer.Ordinal), PackageText.Of(packages));
        Assert.All(packages, p => Assert.Equal(("golang", path, architecture), (p.Type, p.Path, p.Architecture)));
        var stdlib = Assert.Single(packages, p => p.Name == "stdlib");
        Assert.Null(stdlib.Namespace);
        Assert.Contains(packages, p => (p.Namespace, p.Name) == ("example.com/tether", main.Split('@')[0].Split('/')[^1]));
    }

    [Theory]
    [InlineData("local")]
    [InlineData("vendored")]
    [InlineData("vendored-386")]
    [InlineData("vendored-s390x")]
    public void The_modules_match_what_go_version_m_prints(string binary)
    {
        var expected = new SortedSet<string>(StringComparer.Ordinal) { Stdlib };
        string? pending = null;
        foreach (var line in go.VersionM(go.Binaries[binary]).Split('\n'))
        {
            var fields = line.Trim().Split('\t');
            if (fields[0] is "mod" or "dep")
            {
                Flush();
                pending = $"{fields[1]}@{fields[2]}";
            }
            else if (fields[0] == "=>" && fields.Length >= 3 && fields[2] is { Length: > 0 } version && version != "(devel)")
            {
                pending = $"{fields[1]}@{version}";
            }
        }

        Flush();

        Assert.Equal(expected, PackageText.Of(_analyzer.Analyze("app", File.ReadAllBytes(go.Binaries[binary]))));

        void Flush()
        {
            if (pending is not null)
            {
                expected.Add(pending);
            }
        }
    }

    [Fact]
    public void Build_info_is_found_in_the_data_segment_when_section_headers_are_stripped()
    {
        var bytes = File.ReadAllBytes(go.Binaries["vendored"]);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(40), 0); // e_shoff
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(60), 0); // e_shnum
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(62), 0); // e_shstrndx

        var packages = _analyzer.Analyze("app", bytes);

        Assert.Equal(new[] { "example.com/fork/mod@v0.7.1", "example.com/tether/vendored@(devel)", Stdlib }.Order(StringComparer.Ordinal), PackageText.Of(packages));
    }

    [Fact]
    public void The_content_check_accepts_executables_only()
    {
        var binary = File.ReadAllBytes(go.Binaries["local"]).AsSpan(0, _analyzer.HeadLength).ToArray();
        var relocatable = binary.ToArray();
        relocatable[16] = 1; // ET_REL: an object file

        Assert.True(_analyzer.WantsContent(binary));
        Assert.False(_analyzer.WantsContent(relocatable));
        Assert.False(_analyzer.WantsContent("#!/bin/sh\nexec app\n"u8));
        Assert.False(_analyzer.WantsContent("\u007FELF"u8));
    }

    [Fact]
    public void A_truncated_binary_is_rejected_naming_what_lies_beyond_its_end()
    {
        var bytes = File.ReadAllBytes(go.Binaries["local"]);

        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("usr/bin/app", bytes.AsMemory(0, bytes.Length / 2)));

        // Go's linker writes the section header table near the start; the cut falls inside .go.buildinfo's bytes.
        Assert.Equal(("usr/bin/app", "section .go.buildinfo"), (error.Source, error.Field));
        Assert.Contains("beyond the end of the", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_length_prefix_past_the_end_is_rejected()
    {
        var bytes = File.ReadAllBytes(go.Binaries["local"]);
        var magic = bytes.AsSpan().IndexOf(BuildInfoMagic);
        bytes[magic + 32] = 0xff; // the version string's varint length now runs on for ten bytes
        bytes[magic + 33] = 0xff;
        bytes[magic + 34] = 0xff;
        bytes[magic + 35] = 0x7f;

        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("usr/bin/app", bytes));

        Assert.Equal("Go version", error.Field);
    }

    [Fact]
    public void An_elf_file_without_build_info_is_not_a_go_binary()
    {
        var elf = new ElfBuilder();
        elf.AddLoadSegment(elf.AddSection(".text", new byte[64], 0x401000), 5);
        elf.AddLoadSegment(elf.AddSection(".data", new byte[256], 0x402000), 6);

        Assert.Empty(_analyzer.Analyze("usr/bin/true", elf.Build()));
        Assert.Empty(_analyzer.Analyze("usr/bin/script", "#!/bin/sh\n"u8.ToArray()));
    }

    [Fact]
    public void The_pre_1_18_pointer_format_is_read_through_the_segments()
    {
        const ulong dataAddress = 0x5a0000;
        var version = "go1.16.15"u8.ToArray();
        var modules = Sentinel("30 77 af 0c 92 74 08 02 41 e1 c1 07 e6 d6 18 e6")
            .Concat("path\texample.com/old\nmod\texample.com/old\t(devel)\t\ndep\tgithub.com/pkg/errors\tv0.9.1\th1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=\n"u8.ToArray())
            .Concat(Sentinel("f9 32 43 31 86 18 20 72 00 82 42 10 41 16 d8 f2")).ToArray();

        // .data: the 32-byte header (pointers to two Go string headers), the string headers, then the bytes.
        var data = new byte[32 + 32 + version.Length + modules.Length];
        BuildInfoMagic.CopyTo(data, 0);
        data[14] = 8;
        data[15] = 0;
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16), dataAddress + 32);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(24), dataAddress + 48);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(32), dataAddress + 64);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(40), (ulong)version.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(48), dataAddress + 64 + (ulong)version.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(56), (ulong)modules.Length);
        version.CopyTo(data, 64);
        modules.CopyTo(data, 64 + version.Length);
        var elf = new ElfBuilder();
        elf.AddLoadSegment(elf.AddSection(".text", new byte[64], 0x401000), 5);
        elf.AddLoadSegment(elf.AddSection(".go.buildinfo", data, dataAddress), 6);

        Assert.Equal(["example.com/old@(devel)", "github.com/pkg/errors@v0.9.1", "stdlib@1.16.15"], PackageText.Of(_analyzer.Analyze("app", elf.Build())));
        Assert.Equal(["example.com/old@(devel)", "github.com/pkg/errors@v0.9.1", "stdlib@1.16.15"], PackageText.Of(_analyzer.Analyze("app", elf.Build(withSectionHeaders: false))));

        static byte[] Sentinel(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Mutated_binaries_give_packages_or_input_errors_only()
    {
        var original = File.ReadAllBytes(go.Binaries["vendored"]);
        var sectionHeaders = (int)BinaryPrimitives.ReadUInt64LittleEndian(original.AsSpan(40));
        var buildInfo = original.AsSpan().IndexOf(BuildInfoMagic);
        int[] regionStarts = [0, sectionHeaders, buildInfo];
        var random = new Random(1_234);
        var rejected = 0;
        for (var round = 0; round < 300; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                var at = regionStarts[random.Next(regionStarts.Length)] + random.Next(512);
                bytes[at] = (byte)random.Next(256);
            }

            try
            {
                _analyzer.Analyze("bin/app", bytes);
            }
            catch (InputException e)
            {
                Assert.Equal("bin/app", e.Source);
                rejected++;
            }
        }

        Assert.InRange(rejected, 1, 299);
    }

    [Theory]
    [InlineData("go1.22.3", "1.22.3")]
    [InlineData("go1.20.5 X:boringcrypto", "1.20.5")]
    [InlineData("go1.21rc2", "1.21rc2")]
    [InlineData("devel go1.23-4f2c2e6b0a Tue Jan 2 10:00:00 2024 +0000", null)]
    [InlineData("", null)]
    public void The_toolchain_version_becomes_the_stdlib_version(string goVersion, string? expected) =>
        Assert.Equal(expected, GoBinaryAnalyzer.StandardLibraryVersion(goVersion));

    [Theory]
    [InlineData("usr/local/bin/kubectl", true)]
    [InlineData("ko-app/server", true)]
    [InlineData("opt/terraform-provider-aws_v5.1.0_x5", true)]
    [InlineData("usr/lib/x86_64-linux-gnu/libssl.so.3", false)]
    [InlineData("usr/lib/libfoo.so", false)]
    [InlineData("app/main.go", false)]
    [InlineData("etc/config.yaml", false)]
    public void The_name_filter_turns_away_only_what_is_certainly_not_an_executable(string path, bool wanted) =>
        Assert.Equal(wanted, _analyzer.Wants(path));
}
