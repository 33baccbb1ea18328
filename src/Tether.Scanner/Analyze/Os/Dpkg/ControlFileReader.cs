using Tether.Core.Errors;

namespace Tether.Scanner.Analyze.Os.Dpkg;

/// <summary>
/// Splits a deb822 file (dpkg <c>status</c>, a distroless <c>status.d/</c> entry) into stanzas. Blank lines separate
/// stanzas; a line starting with a space or tab continues the previous field; <c>#</c> lines are comments (deb822
/// allows them, dpkg never writes them). Anything else must be <c>Field: value</c>, or the file is rejected with
/// its line number: binary data and a file cut in the middle of a field name both end here.
/// </summary>
internal static class ControlFileReader
{
    /// <summary>Most stanzas read from one file; a large distro image has a few thousand packages.</summary>
    public const int MaxStanzas = 200_000;

    /// <summary>Most fields in one stanza; dpkg writes about 20.</summary>
    public const int MaxFields = 500;

    public static List<ControlStanza> Read(string path, string text)
    {
        var stanzas = new List<ControlStanza>();
        Dictionary<string, string>? fields = null;
        var stanzaLine = 0;
        string? lastField = null;

        foreach (var (number, line) in TextDatabase.Lines(path, text))
        {
            if (line.AsSpan().Trim().IsEmpty)
            {
                Close();
                continue;
            }

            if (line[0] == '#')
            {
                continue;
            }

            if (line[0] is ' ' or '\t')
            {
                if (lastField is null)
                {
                    throw new InputException(path, $"line {number}", "continuation line without a field before it.");
                }

                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !IsFieldName(line.AsSpan(0, colon)))
            {
                throw new InputException(path, $"line {number}", $"expected 'Field: value', found '{Shorten(line)}'.");
            }

            if (fields is null)
            {
                if (stanzas.Count == MaxStanzas)
                {
                    throw new InputException(path, $"line {number}", $"more than {MaxStanzas} stanzas.");
                }

                fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                stanzaLine = number;
            }

            if (fields.Count == MaxFields)
            {
                throw new InputException(path, $"line {number}", $"stanza has more than {MaxFields} fields.");
            }

            lastField = line[..colon];
            // dpkg rejects a repeated field; keeping the first is as good for reading and never throws away a stanza.
            fields.TryAdd(lastField, line[(colon + 1)..].Trim());
        }

        Close();
        return stanzas;

        void Close()
        {
            if (fields is not null)
            {
                stanzas.Add(new ControlStanza(stanzaLine, fields));
            }

            fields = null;
            lastField = null;
        }
    }

    /// <summary>deb822 field names: printable US-ASCII other than space and colon, not starting with <c>#</c> or <c>-</c>.</summary>
    private static bool IsFieldName(ReadOnlySpan<char> name)
    {
        if (name[0] == '-')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (c is <= ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    internal static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
