namespace Tether.Scanner.Analyze.Os.Dpkg;

/// <summary>
/// One paragraph of a deb822 control file (<c>Field: value</c> lines, continuation lines indented): its first line
/// number and its fields by case-insensitive name. A field's value is its first line, trimmed; continuation lines
/// (a Description's body, a long Depends) are not kept, nothing here needs them.
/// </summary>
internal sealed record ControlStanza(int Line, IReadOnlyDictionary<string, string> Fields)
{
    public string? this[string field] => Fields.TryGetValue(field, out var value) && value.Length > 0 ? value : null;
}
