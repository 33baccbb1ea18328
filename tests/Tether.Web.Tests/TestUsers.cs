namespace Tether.Web.Tests;

/// <summary>
/// The UI tests' users, one per role. <see cref="UiServer"/> creates a real API token for each with
/// <c>tether token create</c>, so sign-in goes through the same token store and validator as production.
/// </summary>
public static class TestUsers
{
    public const string Viewer = "viewer";
    public const string Analyst = "analyst";
    public const string Admin = "admin";
}
