using Tether.Core.Identity;
using Xunit;

namespace Tether.Core.Tests.Identity;

public sealed class RepositoryUrlTests
{
    [Theory]
    [InlineData("https://github.com/docker/test-docker-action", "github.com/docker/test-docker-action")]
    [InlineData("https://github.com/docker/test-docker-action.git", "github.com/docker/test-docker-action")]
    [InlineData("git@github.com:docker/test-docker-action.git", "github.com/docker/test-docker-action")]
    [InlineData("git+https://github.com/sigstore/sigstore-js.git", "github.com/sigstore/sigstore-js")]
    [InlineData("https://user:token@GitHub.com/Org/Repo", "github.com/Org/Repo")]
    [InlineData("github.com/org/repo", "github.com/org/repo")]
    [InlineData("https://dev.azure.com/contoso/web/_git/shop", "dev.azure.com/contoso/web/_git/shop")]
    [InlineData("https://contoso.visualstudio.com/web/_git/shop", "dev.azure.com/contoso/web/_git/shop")]
    [InlineData("git@ssh.dev.azure.com:v3/contoso/web/shop", "dev.azure.com/contoso/web/_git/shop")]
    public void Repository_locations_normalize_to_one_identity(string url, string expected) =>
        Assert.Equal(expected, RepositoryUrl.TryNormalize(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("https://github.com/")]
    [InlineData("not a url at all")]
    public void Unusable_locations_give_null(string? url) => Assert.Null(RepositoryUrl.TryNormalize(url));
}
