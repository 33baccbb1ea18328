namespace Tether.Vulnerabilities.Advisories.Parse;

/// <summary>
/// A record skipped because it is malformed: where it was (file, or <c>archive.zip!entry.json</c>), its id when
/// it has a readable one, the field at fault and why.
/// </summary>
public sealed record AdvisoryWarning(string Source, string? Id, string? Field, string Message)
{
    public override string ToString() =>
        $"{Source}{(Id is null ? "" : $" ({Id})")}: {(Field is null ? "" : Field + ": ")}{Message}";
}
