namespace Tether.Vulnerabilities.Severity.Selection;

/// <summary>
/// The one CVSS rating Tether shows for a vulnerability with several vectors (OSV <c>severity[]</c>, NVD
/// plus vendor ratings, a v3.1 and a v4.0 vector of the same advisory): the highest CVSS version present
/// wins, since later versions describe the vulnerability better; among vectors of that version the highest
/// base score wins (the cautious reading when sources disagree), ties going to the first given.
/// </summary>
public sealed record CvssSelection(CvssVector? Chosen, IReadOnlyList<string> Rejected)
{
    /// <summary>Severity in Tether's scale (CRITICAL, HIGH, MEDIUM, LOW, NEGLIGIBLE), or null when no vector was valid.</summary>
    public string? Severity => Chosen?.Severity.ToScale();

    /// <summary>The chosen vector's base score (CVSS-B for v4.0), or null.</summary>
    public double? Score => Chosen?.BaseScore;

    /// <summary>Chooses among <paramref name="vectors"/>; invalid ones are skipped and listed in <see cref="Rejected"/>.</summary>
    public static CvssSelection Pick(IEnumerable<string?> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        CvssVector? best = null;
        var rejected = new List<string>();
        foreach (var text in vectors)
        {
            if (!CvssVector.TryParse(text, out var vector, out var error))
            {
                rejected.Add(error);
                continue;
            }

            if (best is null || vector.Version > best.Version || (vector.Version == best.Version && vector.BaseScore > best.BaseScore))
            {
                best = vector;
            }
        }

        return new CvssSelection(best, rejected);
    }
}
