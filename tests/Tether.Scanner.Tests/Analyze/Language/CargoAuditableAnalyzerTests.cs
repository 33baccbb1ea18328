using System.IO.Compression;
using System.Text;
using Tether.Core.Errors;
using Tether.Scanner.Analyze.Language.Rust;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Language;

public sealed class CargoAuditableAnalyzerTests
{
    // The shape cargo auditable embeds (auditable-serde's VersionInfo): dependency indexes, kind only when "build", root flag.
    private const string AuditData = """
        {"packages":[{"name":"adler","version":"1.0.2","source":"crates.io"},{"name":"cc","version":"1.0.79","source":"crates.io","kind":"build"},{"name":"hello-auditable","version":"0.1.0","source":"local","dependencies":[0,1],"root":true},{"name":"miniz_oxide","version":"0.7.1","source":"crates.io","dependencies":[0]}]}
        """;

    private readonly CargoAuditableAnalyzer _analyzer = new();

    [Fact]
    public void Runtime_crates_are_read_from_the_dep_v0_section()
    {
        var packages = _analyzer.Analyze("usr/local/bin/hello", Executable(Zlib(AuditData)));

        Assert.Equal(["adler@1.0.2", "hello-auditable@0.1.0", "miniz_oxide@0.7.1"], PackageText.Of(packages));
        Assert.All(packages, p => Assert.Equal(("cargo", "usr/local/bin/hello", null), (p.Type, p.Path, p.Namespace)));
    }

    [Fact]
    public void A_binary_without_audit_data_yields_nothing() =>
        Assert.Empty(_analyzer.Analyze("usr/bin/rg", Executable(null)));

    [Fact]
    public void A_decompression_bomb_in_the_section_is_refused()
    {
        var bomb = Zlib("{\"packages\":[" + new string(' ', 17 * 1024 * 1024) + "]}");
        Assert.True(bomb.Length < 200_000);

        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("usr/bin/bomb", Executable(bomb)));

        Assert.Equal(("usr/bin/bomb", ".dep-v0 section"), (error.Source, error.Field));
        Assert.Contains("expands to more than", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"packages":[{"name":"adler","version":"1.0.2"}""", "line 1")]
    [InlineData("""{"packages":{}}""", "$.packages")]
    [InlineData("""{"packages":[{"name":"adler"}]}""", "$.packages[0].version")]
    [InlineData("""{"packages":[{"name":"adler","version":"1.0.2","kind":3}]}""", "$.packages[0].kind")]
    public void Malformed_audit_json_is_rejected_naming_the_field(string json, string field)
    {
        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("usr/bin/x", Executable(Zlib(json))));

        Assert.Equal("usr/bin/x .dep-v0", error.Source);
        Assert.StartsWith(field, error.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_that_is_not_zlib_is_rejected()
    {
        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("usr/bin/x", Executable("not compressed"u8.ToArray())));

        Assert.Equal(".dep-v0 section", error.Field);
    }

    [Fact]
    public void A_section_header_table_cut_off_by_truncation_is_rejected()
    {
        var bytes = Executable(Zlib(AuditData));

        var error = Assert.Throws<InputException>(() => _analyzer.Analyze("usr/bin/x", bytes.AsMemory(0, bytes.Length - 10)));

        Assert.Equal("ELF section headers", error.Field);
    }

    [Fact]
    public void Files_that_are_not_elf_are_ignored_without_error() =>
        Assert.Empty(_analyzer.Analyze("usr/bin/x", "#!/usr/bin/env python3\n"u8.ToArray()));

    private static byte[] Executable(byte[]? audit)
    {
        var elf = new ElfBuilder();
        elf.AddLoadSegment(elf.AddSection(".text", new byte[128], 0x401000), 5);
        if (audit is not null)
        {
            elf.AddSection(".dep-v0", audit);
        }

        elf.AddLoadSegment(elf.AddSection(".data", new byte[64], 0x402000), 6);
        return elf.Build();
    }

    private static byte[] Zlib(string json)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal))
        {
            zlib.Write(Encoding.UTF8.GetBytes(json));
        }

        return output.ToArray();
    }
}
