using System.Text;

namespace Tether.Pipeline.CiReport.Submit;

/// <summary>Reads remote answers with a cap, and shortens them for one-line error messages.</summary>
internal static class HttpAnswers
{
    private const int MaxBody = 1024 * 1024;

    public static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxBody];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    public static string Excerpt(string body)
    {
        var oneLine = string.Join(' ', body.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (oneLine.Length == 0)
        {
            return "";
        }

        return ": " + (oneLine.Length <= 300 ? oneLine : oneLine[..300] + "…");
    }
}
