using Tether.Core.Recommend;

namespace Tether.Vulnerabilities.Versions;

/// <summary>The exact version schemes (<see cref="VersionSchemes"/>) as the recommender's <see cref="IVersionOrder"/>.</summary>
public sealed class EcosystemVersionOrder : IVersionOrder
{
    public static EcosystemVersionOrder Instance { get; } = new();

    public int? Compare(string ecosystem, string a, string b)
    {
        ArgumentNullException.ThrowIfNull(ecosystem);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (VersionSchemes.Find(ecosystem) is not { } scheme || !scheme.IsValid(a, out _) || !scheme.IsValid(b, out _))
        {
            return null;
        }

        return Math.Sign(scheme.Compare(a, b));
    }
}
