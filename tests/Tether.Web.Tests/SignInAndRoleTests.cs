using Microsoft.Playwright;
using Xunit;

namespace Tether.Web.Tests;

/// <summary>Pages need a signed-in token; what a page offers depends on the token's role.</summary>
[Collection(UiCollection.Name)]
public sealed class SignInAndRoleTests(UiServer server)
{
    [Fact]
    public async Task Pages_redirect_to_sign_in_and_a_bad_token_is_refused()
    {
        await server.Browser.ClearCookiesAsync();
        var page = await server.Browser.NewPageAsync();
        await page.GotoAsync("/trace?target=" + UiServer.DemoCve);
        Assert.StartsWith(server.BaseUrl + "/signin?ReturnUrl=", page.Url, StringComparison.Ordinal);

        await page.GetByLabel("API token").FillAsync("not-a-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        Assert.Contains("not valid", await page.GetByRole(AriaRole.Alert).InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await server.Browser.CookiesAsync(), c => c.Name == "tether_ui");

        // The right token goes back to the page asked for, with an HttpOnly, SameSite=Strict session cookie.
        await page.GetByLabel("API token").FillAsync(server.Secret(TestUsers.Viewer));
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/trace?target=" + UiServer.DemoCve);
        var cookie = Assert.Single(await server.Browser.CookiesAsync(), c => c.Name == "tether_ui");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(server.Secret(TestUsers.Viewer), cookie.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await server.SignedInPageAsync(TestUsers.Viewer);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/signin");
        await page.GotoAsync("/");
        Assert.StartsWith(server.BaseUrl + "/signin", page.Url, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TestUsers.Viewer, "viewer", false, false)]
    [InlineData(TestUsers.Analyst, "analyst", true, false)]
    [InlineData(TestUsers.Admin, "admin", true, true)]
    public async Task Actions_show_only_for_roles_allowed_to_use_them(string token, string role, bool copiesIssues, bool administers)
    {
        var page = await server.SignedInPageAsync(token);
        Assert.Equal(role, await page.Locator("[data-role]").InnerTextAsync());
        Assert.Equal(administers ? 1 : 0, await page.Locator("[data-admin-link]").CountAsync());

        await page.GotoAsync("/trace?target=" + UiServer.DemoCve);
        var copy = page.Locator("[data-action=copy-issue]");
        Assert.Equal(copiesIssues ? 1 : 0, await copy.CountAsync());
        if (copiesIssues)
        {
            Assert.True(await copy.IsVisibleAsync());
            Assert.Contains(UiServer.DemoCve, await page.Locator("#issue-body").InputValueAsync(), StringComparison.Ordinal);
        }

        var admin = await page.GotoAsync("/admin");
        Assert.Equal(administers ? 200 : 403, admin!.Status);
        Assert.Equal(administers ? 1 : 0, await page.Locator("[data-node-counts]").CountAsync());
    }
}
