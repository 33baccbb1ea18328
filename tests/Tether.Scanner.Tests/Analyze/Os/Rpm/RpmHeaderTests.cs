using Tether.Core.Errors;
using Tether.Scanner.Analyze;
using Tether.Scanner.Analyze.Os;
using Tether.Scanner.Analyze.Os.Rpm;
using Xunit;

namespace Tether.Scanner.Tests.Analyze.Os.Rpm;

public sealed class RpmHeaderTests
{
    private const string DbPath = "var/lib/rpm/rpmdb.sqlite";
    private const string Record = "Packages hnum 1";

    [Fact]
    public void A_well_formed_header_gives_the_package_with_epoch_source_and_files()
    {
        var blob = HeaderBlob.Package()
            .Int32s(1116, 0, 0, 1)
            .Strings(1117, "libssl.so.3", "libcrypto.so.3", "LICENSE.txt")
            .Strings(1118, "/usr/lib64/", "/usr/share/licenses/openssl-libs/")
            .Build();

        var package = Read(blob);

        Assert.Equal(
            new ScannedPackage("rpm", "openssl-libs", "3.0.7-18.el9_2")
            {
                Epoch = 1,
                Architecture = "x86_64",
                SourceName = "openssl",
                SourceVersion = "3.0.7-18.el9_2",
                Licenses = ["ASL 2.0"],
                Path = DbPath,
                Files = ["usr/lib64/libssl.so.3", "usr/lib64/libcrypto.so.3", "usr/share/licenses/openssl-libs/LICENSE.txt"],
            },
            package,
            PackageComparer.Instance);
    }

    [Fact]
    public void Gpg_public_keys_are_not_packages()
    {
        Assert.Null(RpmPackageReader.Read(HeaderBlob.Package("gpg-pubkey").Build(), DbPath, Record, new FileListBudget(DbPath)));
    }

    [Fact]
    public void An_offset_outside_the_data_store_is_rejected_naming_the_tag()
    {
        var blob = HeaderBlob.Package().Raw(1117, 8, 1_000_000, 1).Build();

        var error = Assert.Throws<InputException>(() => Read(blob));

        Assert.Equal((DbPath, $"{Record}: tag 1117"), (error.Source, error.Field));
        Assert.Contains("outside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_offset_is_rejected()
    {
        var error = Assert.Throws<InputException>(() => Read(HeaderBlob.Package().Raw(1117, 8, -16, 1).Build()));

        Assert.Equal($"{Record}: tag 1117", error.Field);
    }

    [Theory]
    [InlineData(0x8000_0000u)]
    [InlineData(0xFFFF_FFFFu)]
    public void A_count_of_two_to_the_31_is_rejected_before_anything_is_allocated(uint count)
    {
        var error = Assert.Throws<InputException>(() => Read(HeaderBlob.Package().Raw(1117, 8, 0, count).Build()));

        Assert.Equal($"{Record}: tag 1117", error.Field);
        Assert.Contains($"count {count}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_int32_array_running_past_the_data_store_is_rejected()
    {
        // 40 strings' worth of bytes but 4 bytes per INT32: the count fits the bytes, the values do not.
        var builder = HeaderBlob.Package();
        var blob = builder.Strings(1117, "a").Raw(1116, 4, 0, 60).Build();

        var error = Assert.Throws<InputException>(() => Read(blob));

        Assert.Equal($"{Record}: tag 1116", error.Field);
    }

    [Theory]
    [InlineData(0x7FFF_FFFFu, null, "index entries")]
    [InlineData(0x1_0000u, null, "index entries")]
    [InlineData(0u, null, "index entries")]
    [InlineData(null, 0x0FFF_FFFFu, "more than the blob")]
    [InlineData(null, 0xFFFF_FFFFu, "over rpm's")]
    public void Index_and_data_sizes_larger_than_the_blob_are_rejected(uint? indexCount, uint? dataLength, string reason)
    {
        var blob = HeaderBlob.Package().Build(indexCount, dataLength);

        var error = Assert.Throws<InputException>(() => Read(blob));

        Assert.Equal(Record, error.Field);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_without_its_terminator_is_rejected()
    {
        var blob = HeaderBlob.Package().String(1117, "x").Build();
        blob[^1] = (byte)'y';

        var error = Assert.Throws<InputException>(() => Read(blob));

        Assert.Equal($"{Record}: tag 1117", error.Field);
        Assert.Contains("not terminated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directory_index_outside_the_directories_is_rejected()
    {
        var blob = HeaderBlob.Package().Int32s(1116, 5).Strings(1117, "bash").Strings(1118, "/usr/bin/").Build();

        var error = Assert.Throws<InputException>(() => Read(blob));

        Assert.Contains("DIRINDEXES[0] is 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_of_the_wrong_type_is_rejected()
    {
        var blob = new HeaderBlob().Int32s(1000, 7).String(1001, "1").String(1002, "1").Build();

        var error = Assert.Throws<InputException>(() => Read(blob));

        Assert.Equal($"{Record}: tag 1000", error.Field);
    }

    [Fact]
    public void A_header_without_a_name_is_rejected()
    {
        var error = Assert.Throws<InputException>(() => Read(new HeaderBlob().String(1001, "1").String(1002, "1").Build()));

        Assert.Contains("no NAME", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_truncation_of_a_real_header_is_rejected_or_read_never_crashes()
    {
        var blob = HeaderBlob.Package().Int32s(1116, 0).Strings(1117, "libssl.so.3").Strings(1118, "/usr/lib64/").Build();
        var errors = 0;
        for (var length = 0; length < blob.Length; length++)
        {
            try
            {
                Read(blob[..length]);
            }
            catch (InputException)
            {
                errors++;
            }
        }

        // The preamble promises more bytes than any shorter blob has.
        Assert.Equal(blob.Length, errors);
    }

    [Fact]
    public void Random_headers_never_crash_the_parser()
    {
        var random = new Random(23);
        var read = 0;
        for (var i = 0; i < 2000; i++)
        {
            var blob = HeaderBlob.Package().Int32s(1116, 0).Strings(1117, "a").Strings(1118, "/").Build();
            for (var j = 0; j < 4; j++)
            {
                blob[random.Next(blob.Length)] = (byte)random.Next(256);
            }

            try
            {
                Read(blob);
                read++;
            }
            catch (InputException e)
            {
                Assert.Equal(DbPath, e.Source);
            }
        }

        Assert.InRange(read, 1, 1999);
    }

    private static ScannedPackage? Read(byte[] blob) => RpmPackageReader.Read(blob, DbPath, Record, new FileListBudget(DbPath));
}
