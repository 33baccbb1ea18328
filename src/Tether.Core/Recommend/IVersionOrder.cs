namespace Tether.Core.Recommend;

/// <summary>
/// The ecosystem's exact version ordering, given to the recommender from outside Core (Tether.Vulnerabilities'
/// <c>VersionSchemes</c> implements it as <c>EcosystemVersionOrder</c>): Core has the model, not the schemes.
/// </summary>
public interface IVersionOrder
{
    /// <summary>
    /// Negative, zero or positive as <paramref name="a"/> sorts before, equal to or after <paramref name="b"/> in
    /// <paramref name="ecosystem"/> (an OSV name: <c>Debian</c>, <c>Alpine</c>, <c>Red Hat</c>, <c>npm</c>…); null when
    /// there is no scheme for the ecosystem or either version is not valid in it.
    /// </summary>
    int? Compare(string ecosystem, string a, string b);
}
