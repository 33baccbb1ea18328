namespace Tether.Vulnerabilities.Reports.Normalize;

/// <summary>
/// Fix states on one vocabulary: <c>fixed</c>, <c>not-fixed</c>, <c>wont-fix</c>, <c>fix-deferred</c>,
/// <c>end-of-life</c>, <c>under-investigation</c>, <c>not-affected</c>, <c>unknown</c>. Trivy writes
/// <c>will_not_fix</c> and <c>affected</c> where Grype writes <c>wont-fix</c> and <c>not-fixed</c>.
/// </summary>
public static class FixStates
{
    public static string? Normalize(string? reported)
    {
        if (string.IsNullOrWhiteSpace(reported))
        {
            return null;
        }

        var state = reported.Trim().ToLowerInvariant().Replace('_', '-');
        return state switch
        {
            "affected" => "not-fixed",
            "will-not-fix" => "wont-fix",
            _ => state,
        };
    }
}
