using System.Text;
using System.Text.RegularExpressions;
using Tether.Core.Errors;

namespace Tether.Pipeline.Dockerfiles;

/// <summary>
/// Parses a Dockerfile as BuildKit's frontend reads it: parser directives (<c># syntax=</c>, <c># escape=</c>) at the
/// top, comments, line continuations with the escape character, heredocs (<c>RUN &lt;&lt;EOF</c>), multi-stage FROM
/// with <c>--platform</c> and <c>AS name</c>, and ARG values substituted in FROM. Pure and bounded.
/// </summary>
public static partial class DockerfileParser
{
    public const int MaxBytes = 4 * 1024 * 1024;
    public const int MaxLines = 200_000;
    public const int MaxInstructions = 20_000;
    /// <summary>Instruction text kept per instruction; longer (big heredocs) is cut, the line number is what matters.</summary>
    public const int MaxInstructionText = 8 * 1024;

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
        "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL",
    };

    public static ParsedDockerfile Parse(ReadOnlySpan<byte> content, string source, IReadOnlyDictionary<string, string>? buildArgs = null)
    {
        if (content.Length > MaxBytes)
        {
            throw new InputException(source, null, $"{content.Length} bytes is over the {MaxBytes}-byte limit for a Dockerfile.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(content);
        }
        catch (DecoderFallbackException e)
        {
            throw new InputException(source, null, "is not UTF-8 text.", e);
        }

        var lines = text.TrimStart('\uFEFF').Split('\n');
        if (lines.Length > MaxLines)
        {
            throw new InputException(source, null, $"has {lines.Length} lines; at most {MaxLines} are accepted.");
        }

        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = lines[i].TrimEnd('\r');
        }

        var (escape, syntax, first) = ReadDirectives(lines, source);
        var instructions = new List<DockerfileLine>();
        var metaArgs = new Dictionary<string, string?>(StringComparer.Ordinal);
        var stages = new List<DockerfileStage>();
        var index = first;
        while (index < lines.Length)
        {
            if (IsBlankOrComment(lines[index]))
            {
                index++;
                continue;
            }

            var lineNumber = index + 1;
            var logical = ReadLogicalLine(lines, ref index, escape);
            var (keyword, arguments) = SplitKeyword(logical);
            if (!Keywords.Contains(keyword))
            {
                throw new InputException(source, $"line {lineNumber}", $"unknown instruction '{Truncate(keyword, 40)}'.");
            }

            var fullText = logical;
            if (keyword is "RUN" or "COPY" or "ADD")
            {
                fullText += ReadHeredocs(lines, ref index, arguments);
            }

            if (instructions.Count >= MaxInstructions)
            {
                throw new InputException(source, $"line {lineNumber}", $"more than {MaxInstructions} instructions.");
            }

            instructions.Add(new DockerfileLine(lineNumber, keyword, Truncate(fullText.Trim(), MaxInstructionText)));
            if (keyword == "ARG" && stages.Count == 0)
            {
                foreach (var (name, value) in ParseArgDeclarations(arguments))
                {
                    metaArgs[name] = buildArgs is not null && buildArgs.TryGetValue(name, out var given) ? given : value;
                }
            }
            else if (keyword == "FROM")
            {
                stages.Add(ParseFrom(arguments, lineNumber, metaArgs, source));
            }
        }

        return new ParsedDockerfile(stages, instructions, escape, syntax);
    }

    private static (char Escape, string? Syntax, int FirstLine) ReadDirectives(string[] lines, string source)
    {
        var escape = '\\';
        string? syntax = null;
        var index = 0;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Directives are only honoured before any comment, blank line or instruction.
        for (; index < lines.Length; index++)
        {
            var match = DirectivePattern().Match(lines[index]);
            if (!match.Success || !seen.Add(match.Groups["key"].Value))
            {
                break;
            }

            var key = match.Groups["key"].Value.ToLowerInvariant();
            var value = match.Groups["value"].Value.Trim();
            if (key == "escape")
            {
                escape = value switch
                {
                    "\\" => '\\',
                    "`" => '`',
                    _ => throw new InputException(source, $"line {index + 1}", $"escape directive must be \\ or `, not '{Truncate(value, 20)}'."),
                };
            }
            else if (key == "syntax")
            {
                syntax = value;
            }
        }

        return (escape, syntax, index);
    }

    private static bool IsBlankOrComment(string line)
    {
        var trimmed = line.AsSpan().TrimStart();
        return trimmed.IsEmpty || trimmed[0] == '#';
    }

    /// <summary>Joins continuation lines; comment and empty lines inside a continuation are dropped, as BuildKit does.</summary>
    private static string ReadLogicalLine(string[] lines, ref int index, char escape)
    {
        var builder = new StringBuilder();
        while (index < lines.Length)
        {
            var line = lines[index++];
            var trimmedEnd = line.TrimEnd();
            if (trimmedEnd.Length > 0 && trimmedEnd[^1] == escape)
            {
                builder.Append(trimmedEnd.AsSpan(0, trimmedEnd.Length - 1));
                while (index < lines.Length && IsBlankOrComment(lines[index]))
                {
                    index++;
                }

                if (builder.Length > MaxBytes)
                {
                    break;
                }

                continue;
            }

            builder.Append(line);
            break;
        }

        return builder.ToString();
    }

    private static (string Keyword, string Arguments) SplitKeyword(string logical)
    {
        var trimmed = logical.TrimStart();
        var end = 0;
        while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end]))
        {
            end++;
        }

        return (trimmed[..end].ToUpperInvariant(), trimmed[end..].Trim());
    }

    private static string ReadHeredocs(string[] lines, ref int index, string arguments)
    {
        var body = new StringBuilder();
        foreach (Match marker in HeredocPattern().Matches(arguments))
        {
            var word = marker.Groups["word"].Value;
            var stripTabs = marker.Groups["dash"].Value == "-";
            // An unterminated heredoc runs to the end of the file; BuildKit would refuse it, we keep the lines.
            while (index < lines.Length)
            {
                var line = lines[index++];
                body.Append('\n').Append(line);
                if ((stripTabs ? line.TrimStart('\t') : line) == word)
                {
                    break;
                }
            }
        }

        return body.ToString();
    }

    private static IEnumerable<(string Name, string? Value)> ParseArgDeclarations(string arguments)
    {
        foreach (var word in SplitWords(arguments))
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                yield return (word, null);
            }
            else if (equals > 0)
            {
                yield return (word[..equals], Unquote(word[(equals + 1)..]));
            }
        }
    }

    private static DockerfileStage ParseFrom(string arguments, int line, Dictionary<string, string?> args, string source)
    {
        var words = SplitWords(arguments);
        string? platform = null;
        var position = 0;
        while (position < words.Count && words[position].StartsWith("--", StringComparison.Ordinal))
        {
            var flag = words[position++];
            if (flag.StartsWith("--platform=", StringComparison.OrdinalIgnoreCase))
            {
                platform = flag["--platform=".Length..];
            }
        }

        if (position >= words.Count)
        {
            throw new InputException(source, $"line {line}", "FROM names no image.");
        }

        var raw = words[position++];
        string? name = null;
        if (position < words.Count && words[position].Equals("AS", StringComparison.OrdinalIgnoreCase))
        {
            name = position + 1 < words.Count ? words[position + 1] : throw new InputException(source, $"line {line}", "FROM … AS names no stage.");
        }

        var image = Expand(raw, args, out var resolved);
        string? expandedPlatform = null;
        if (platform is not null)
        {
            expandedPlatform = Expand(platform, args, out var platformResolved);
            if (!platformResolved)
            {
                expandedPlatform = platform;
            }
        }

        return new DockerfileStage(line, resolved ? image : raw, name, expandedPlatform, resolved);
    }

    /// <summary>
    /// Shell-style substitution of <c>$NAME</c>, <c>${NAME}</c>, <c>${NAME:-word}</c>, <c>${NAME:+word}</c> (and the forms
    /// without colon). <paramref name="resolved"/> is false when a variable has no known value.
    /// </summary>
    internal static string Expand(string text, IReadOnlyDictionary<string, string?> args, out bool resolved)
    {
        resolved = true;
        var output = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c != '$' || i + 1 >= text.Length)
            {
                output.Append(c);
                i++;
                continue;
            }

            if (text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i + 2);
                if (close < 0)
                {
                    resolved = false;
                    output.Append(text, i, text.Length - i);
                    break;
                }

                var inner = text[(i + 2)..close];
                output.Append(Substitute(inner, args, ref resolved));
                i = close + 1;
                continue;
            }

            var start = i + 1;
            var end = start;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '_'))
            {
                end++;
            }

            if (end == start)
            {
                output.Append(c);
                i++;
                continue;
            }

            output.Append(Lookup(text[start..end], args, ref resolved));
            i = end;
        }

        return output.ToString();
    }

    private static string Substitute(string inner, IReadOnlyDictionary<string, string?> args, ref bool resolved)
    {
        var match = ModifierPattern().Match(inner);
        if (!match.Success)
        {
            resolved = false;
            return "${" + inner + "}";
        }

        var name = match.Groups["name"].Value;
        var word = match.Groups["word"].Value;
        // An ARG declared without a default (and not given with --build-arg) is unset, as in a plain `docker build`.
        var isSet = args.TryGetValue(name, out var value) && value is not null;
        var nonEmpty = isSet && value!.Length > 0;
        return match.Groups["op"].Value switch
        {
            ":-" => nonEmpty ? value! : ExpandInto(word, args, ref resolved),
            "-" => isSet ? value! : ExpandInto(word, args, ref resolved),
            ":+" => nonEmpty ? ExpandInto(word, args, ref resolved) : "",
            "+" => isSet ? ExpandInto(word, args, ref resolved) : "",
            _ => Lookup(name, args, ref resolved),
        };
    }

    private static string ExpandInto(string word, IReadOnlyDictionary<string, string?> args, ref bool resolved)
    {
        var expanded = Expand(word, args, out var wordResolved);
        resolved &= wordResolved;
        return expanded;
    }

    private static string Lookup(string name, IReadOnlyDictionary<string, string?> args, ref bool resolved)
    {
        if (args.TryGetValue(name, out var value) && value is not null)
        {
            return value;
        }

        resolved = false;
        return "${" + name + "}";
    }

    /// <summary>Splits on whitespace, keeping quoted runs together (quotes are kept; <see cref="Unquote"/> removes them).</summary>
    private static List<string> SplitWords(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        char quote = '\0';
        foreach (var c in text)
        {
            if (quote != '\0')
            {
                current.Append(c);
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                current.Append(c);
            }
            else if (char.IsWhiteSpace(c))
            {
                if (current.Length > 0)
                {
                    words.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0] ? value[1..^1] : value;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";

    [GeneratedRegex(@"^#\s*(?<key>[A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?<value>\S.*)$")]
    private static partial Regex DirectivePattern();

    [GeneratedRegex(@"<<(?<dash>-?)(?<quote>[""']?)(?<word>[A-Za-z_][A-Za-z0-9_]*)\k<quote>")]
    private static partial Regex HeredocPattern();

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:-|:\+|-|\+)(?<word>.*))?$", RegexOptions.Singleline)]
    private static partial Regex ModifierPattern();
}
