using System.Net;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Security;

public sealed class HardeningTests
{
    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        await using var app = await Workbench.StartAsync();
        var anonymous = app.NewClient();
        var signIn = await anonymous.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "rev.a", ["Password"] = Workbench.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);

        var signedIn = await app.SignInAsync(Workbench.ReviewerA);
        var signOut = await signedIn.PostAsync("/sign-out", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await signedIn.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_flood_of_sign_in_attempts_is_answered_with_429()
    {
        await using var app = await Workbench.StartAsync(signInPermitsPerMinute: 5);
        var client = app.NewClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
            statuses.Add((await Workbench.PostFormAsync(client, "/sign-in", "/sign-in", new() { ["UserName"] = "nobody", ["Password"] = "wrong password here" })).StatusCode);
        Assert.All(statuses.Take(5), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        // Reading the page is not an attempt.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/sign-in")).StatusCode);
    }

    [Fact]
    public async Task Static_files_are_served_without_signing_in_and_may_be_cached()
    {
        await using var app = await Workbench.StartAsync();
        var client = app.NewClient();
        foreach (var path in new[] { "/lib/htmx.min.js", "/lib/cytoscape.min.js", "/js/site.js", "/css/site.css" })
        {
            var r = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.StartsWith("public", r.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
            Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task Session_cookies_are_http_only_and_same_site_strict()
    {
        await using var app = await Workbench.StartAsync();
        var client = app.NewClient();
        await Workbench.PostFormAsync(client, "/sign-in", "/sign-in", new() { ["UserName"] = "rev.a", ["Password"] = Workbench.Password });
        var r = await Workbench.PostFormAsync(client, "/sign-in/code", "/sign-in/code", new() { ["Code"] = Totp.Code(app.SecretOf(Workbench.ReviewerA)) });
        var session = r.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("reassess.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_a_configured_proxy_a_client_cannot_claim_https_for_itself()
    {
        // Behind a configured proxy cookies are secure: SecurityRoundTwoTests.Forwarded_headers_are_believed_from_a_configured_proxy_only.
        await using var app = await Workbench.StartAsync();
        var client = app.NewClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var page = await client.GetAsync("/sign-in");
        var antiforgery = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("reassess.af=", StringComparison.Ordinal));
        Assert.DoesNotContain("secure", antiforgery, StringComparison.OrdinalIgnoreCase);
    }
}
