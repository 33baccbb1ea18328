namespace Tether.Server;

/// <summary>How <c>tether serve</c> was asked to run.</summary>
/// <param name="Urls">Listen addresses, e.g. <c>http://127.0.0.1:8080</c>.</param>
public sealed record ServerSettings(IReadOnlyList<string> Urls);
