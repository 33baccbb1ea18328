namespace Tether.Registry.Client.Http;

/// <summary>What a request is about, for error messages: registry, repository, tag or digest.</summary>
internal sealed record RequestTarget(string Registry, string? Repository = null, string? Reference = null);
