namespace Tether.Registry.Client.Http;

/// <summary>Reads the <c>rel="next"</c> target of RFC 8288 <c>Link</c> headers, as the distribution API paginates.</summary>
internal static class LinkHeader
{
    /// <summary>The next page's URI (resolved against <paramref name="requestUri"/>), or null on the last page.</summary>
    public static Uri? Next(IEnumerable<string> values, Uri requestUri)
    {
        foreach (var value in values)
        {
            foreach (var link in SplitLinks(value))
            {
                var open = link.IndexOf('<', StringComparison.Ordinal);
                var close = link.IndexOf('>', StringComparison.Ordinal);
                if (open < 0 || close < open)
                {
                    continue;
                }

                var parameters = HeaderParameters.Parse(link[(close + 1)..], ';');
                if (parameters.TryGetValue("rel", out var rel)
                    && rel.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("next", StringComparer.OrdinalIgnoreCase)
                    && Uri.TryCreate(requestUri, link[(open + 1)..close], out var next))
                {
                    return next;
                }
            }
        }

        return null;
    }

    // Links are comma-separated, but a comma may also sit inside <...> or a quoted parameter.
    private static IEnumerable<string> SplitLinks(string value)
    {
        var start = 0;
        var inAngle = false;
        var inQuote = false;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '<' when !inQuote:
                    inAngle = true;
                    break;
                case '>' when !inQuote:
                    inAngle = false;
                    break;
                case '"' when !inAngle:
                    inQuote = !inQuote;
                    break;
                case ',' when !inAngle && !inQuote:
                    yield return value[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return value[start..];
    }
}
