using System.Text;
using Tether.Core.Errors;
using Tether.Core.Parsing;
using Xunit;

namespace Tether.Core.Tests.Parsing;

/// <summary>Encoding problems surface as input errors naming the byte, before any parser reads a string.</summary>
public sealed class BoundedJsonEncodingTests
{
    [Fact]
    public void A_byte_order_mark_is_ignored_as_Node_and_dotnet_do()
    {
        using var document = BoundedJson.Parse((byte[])[0xEF, 0xBB, 0xBF, .. "{\"name\":\"x\"}"u8], "package.json");

        Assert.Equal("x", document.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public void Invalid_UTF_8_inside_a_string_is_an_input_error_naming_the_byte()
    {
        byte[] json = [.. "{\"name\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        var error = Assert.Throws<InputException>(() => BoundedJson.Parse(json, "package.json"));

        Assert.Equal("package.json", error.Source);
        Assert.Equal("byte 10", error.Field);
        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.Equal("{\"name\":\"", Encoding.UTF8.GetString(json, 0, 9));
    }
}
