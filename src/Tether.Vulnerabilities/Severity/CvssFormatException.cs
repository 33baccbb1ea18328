namespace Tether.Vulnerabilities.Severity;

/// <summary>A string that is not a valid CVSS vector; the message names the vector and the metric at fault.</summary>
public sealed class CvssFormatException : FormatException
{
    public CvssFormatException(string? vector, string reason)
        : base(reason)
    {
        Vector = vector ?? "";
        Reason = reason;
    }

    public CvssFormatException()
        : this("", "invalid CVSS vector")
    {
    }

    public CvssFormatException(string message)
        : this("", message)
    {
    }

    public CvssFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Vector = "";
        Reason = message;
    }

    /// <summary>The input as given (possibly long or hostile: quote it with care).</summary>
    public string Vector { get; }

    public string Reason { get; }
}
