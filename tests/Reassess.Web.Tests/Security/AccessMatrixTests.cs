using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Reassess.Access;
using Reassess.Web.Security;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Security;

/// <summary>
/// Every endpoint of the app × every role: allowed, forbidden (403), or — for another force's case — not found (404).
/// The endpoints come from the app itself (EndpointDataSource), so a new page without a policy, or without a row in
/// <see cref="Matrix"/>, fails here.
/// </summary>
public sealed class AccessMatrixTests(AccessMatrixTests.Fixture app) : IClassFixture<AccessMatrixTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly Dictionary<string, HttpClient> _clients = [];

        public Workbench App { get; } = new();

        public async Task InitializeAsync()
        {
            await App.InitializeAsync();
            foreach (var u in Workbench.OnePerRole) _clients[u.Role] = await App.SignInAsync(u);
            _clients[Anonymous] = App.NewClient();
        }

        public HttpClient ClientOf(string who) => _clients[who];

        public Task DisposeAsync() => App.DisposeAsync().AsTask();
    }

    private const string Anonymous = "anonymous";

    private static readonly string[] Everyone = [.. Roles.All];
    private static readonly string[] ForceCaseWork = [Roles.Reviewer, Roles.Supervisor, Roles.ForceLead];
    private static readonly string[] CaseReaders = [Roles.Reviewer, Roles.Supervisor, Roles.ForceLead, Roles.NationalOversight];

    /// <summary>
    /// One row per endpoint (its route pattern): a URL to request (<c>{A}</c> stands for a force-A case, <c>{B}</c> for a
    /// force-B one), who may, and the status they get. <paramref name="OtherForce"/>: the URL with another force's case,
    /// which every force role gets as 404. <paramref name="National"/>: national oversight's status where it differs
    /// (a case opens only after a justification, so it is sent to record one).
    /// </summary>
    private sealed record Row(string Url, string[] Allowed, HttpStatusCode AllowedStatus = HttpStatusCode.OK, bool AnonymousToo = false,
        string? OtherForce = null, HttpStatusCode? National = null, HttpStatusCode? ForceRoles = null);

    private static readonly Dictionary<string, Row> Matrix = new()
    {
        [""] = new("/", Everyone),
        ["sign-in"] = new("/sign-in", Everyone, AnonymousToo: true),
        // Without a password step first there is nothing to enter a code for: back to the start.
        ["sign-in/code"] = new("/sign-in/code", Everyone, HttpStatusCode.Redirect, AnonymousToo: true),
        ["sign-out"] = new("/sign-out", Everyone),
        ["error/{code:int}"] = new("/error/404", Everyone, AnonymousToo: true),
        // Liveness and readiness for a load balancer: no data, no session.
        ["/healthz"] = new("/healthz", Everyone, AnonymousToo: true),
        ["/readyz"] = new("/readyz", Everyone, AnonymousToo: true),
        ["queue"] = new("/queue", ForceCaseWork),
        ["reports"] = new("/reports", [Roles.Supervisor, Roles.ForceLead, Roles.NationalOversight]),
        ["users"] = new("/users", [Roles.Admin, Roles.ForceLead]),
        ["work"] = new("/work", ForceCaseWork),
        ["supervision"] = new("/supervision", [Roles.Supervisor]),
        ["oversight"] = new("/oversight", [Roles.NationalOversight]),
        ["audit"] = new("/audit", [Roles.Auditor]),
        ["referrals"] = new("/referrals", [Roles.NationalOversight]),
        ["referrals/export"] = new("/referrals/export", [Roles.ForceLead]),
        ["matches"] = new("/matches", ForceCaseWork),
        ["cases/{id:long}"] = new("/cases/{A}", CaseReaders, OtherForce: "/cases/{B}", National: HttpStatusCode.Redirect),
        ["cases/{id:long}/review"] = new("/cases/{A}/review", CaseReaders, OtherForce: "/cases/{B}/review", National: HttpStatusCode.Redirect),
        // Only national oversight records a justification; the force roles are sent back to the case.
        ["cases/{id:long}/justify"] = new("/cases/{A}/justify", CaseReaders, ForceRoles: HttpStatusCode.Redirect),
    };


    private IEnumerable<RouteEndpoint> Endpoints() =>
        app.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    [Fact]
    public void Every_endpoint_names_a_known_policy_or_is_explicitly_anonymous()
    {
        var endpoints = Endpoints().ToList();
        Assert.NotEmpty(endpoints);
        foreach (var e in endpoints)
        {
            var anonymous = e.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            Assert.True(anonymous || (policies.Count > 0 && policies.All(p => p is not null && Policies.RolesOf.ContainsKey(p))),
                $"Endpoint '{e.RoutePattern.RawText}' has no authorization policy: put it in a policy folder or give it [Authorize(Policy = Policies.…)].");
        }
    }

    [Fact]
    public void Every_endpoint_has_a_row_in_the_access_matrix()
    {
        var missing = Endpoints().Select(e => e.RoutePattern.RawText ?? "").Where(p => !Matrix.ContainsKey(p)).Distinct().ToList();
        Assert.True(missing.Count == 0, "No access-matrix row for: " + string.Join(", ", missing));
        var stale = Matrix.Keys.Except(Endpoints().Select(e => e.RoutePattern.RawText ?? "")).ToList();
        Assert.True(stale.Count == 0, "Access-matrix rows for endpoints that no longer exist: " + string.Join(", ", stale));
    }

    public static TheoryData<string, string> Cells()
    {
        var data = new TheoryData<string, string>();
        foreach (var pattern in Matrix.Keys)
            foreach (var who in Everyone.Append(Anonymous))
                data.Add(pattern, who);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_role_gets_what_the_matrix_says_with_the_security_headers(string pattern, string who)
    {
        var row = Matrix[pattern];
        var url = Url(row.Url);
        var response = await app.ClientOf(who).GetAsync(url);
        var expected = who == Anonymous
            ? row.AnonymousToo ? row.AllowedStatus : HttpStatusCode.Redirect
            : !row.Allowed.Contains(who) ? HttpStatusCode.Forbidden
            : who == Roles.NationalOversight && row.National is { } n ? n
            : Roles.IsForceScoped(who) && row.ForceRoles is { } f ? f
            : row.AllowedStatus;
        Assert.True(expected == response.StatusCode, $"{who} GET {url}: expected {(int)expected}, got {(int)response.StatusCode}");
        if (who == Anonymous && !row.AnonymousToo)
            Assert.StartsWith("/sign-in", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        SecurityHeadersAssert.Present(response);

        if (row.OtherForce is not null && who != Anonymous)
        {
            var other = await app.ClientOf(who).GetAsync(Url(row.OtherForce));
            var expectedOther = !row.Allowed.Contains(who) ? HttpStatusCode.Forbidden
                : Roles.IsForceScoped(who) ? HttpStatusCode.NotFound
                : row.National ?? row.AllowedStatus;
            Assert.True(expectedOther == other.StatusCode, $"{who} GET {Url(row.OtherForce)} (another force's case): expected {(int)expectedOther}, got {(int)other.StatusCode}");
            SecurityHeadersAssert.Present(other);
        }
    }

    private string Url(string template) => template
        .Replace("{A}", app.App.Cases["FA-0001"].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{B}", app.App.Cases["FB-0001"].ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    [Fact]
    public async Task A_force_lead_manages_only_their_force_accounts()
    {
        var lead = app.ClientOf(Roles.ForceLead);
        var list = await (await lead.GetAsync("/users")).Content.ReadAsStringAsync();
        Assert.Contains("rev2.a", list, StringComparison.Ordinal);
        Assert.DoesNotContain("rev.b", list, StringComparison.Ordinal);
        var otherForce = await Workbench.PostFormAsync(lead, "/users", "/users?handler=Disable", new() { ["name"] = "rev.b", ["confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.NotFound, otherForce.StatusCode);
        var national = await Workbench.PostFormAsync(lead, "/users", "/users?handler=Disable", new() { ["name"] = "national", ["confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.NotFound, national.StatusCode);
        var reset = await Workbench.PostFormAsync(lead, "/users", "/users?handler=ResetMfa", new() { ["name"] = "rev2.a", ["confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Contains("New authenticator for rev2.a", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task National_oversight_opens_a_case_after_recording_a_justification()
    {
        var national = await app.App.SignInAsync(Workbench.National);
        var caseUrl = $"/cases/{app.App.Cases["FA-0003"]}";
        var first = await national.GetAsync(caseUrl);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(caseUrl + "/justify", first.Headers.Location!.OriginalString);
        var tooShort = await Workbench.PostFormAsync(national, caseUrl + "/justify", caseUrl + "/justify", new() { ["Reason"] = "because" });
        Assert.Equal(HttpStatusCode.OK, tooShort.StatusCode);
        var recorded = await Workbench.PostFormAsync(national, caseUrl + "/justify", caseUrl + "/justify", new() { ["Reason"] = "Cross-force network alert for this suspect." });
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        var open = await national.GetAsync(caseUrl);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Contains("Case FA-0003", await open.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_case_page_shows_facts_reasons_people_links_and_no_personal_data_in_links()
    {
        var reviewer = app.ClientOf(Roles.Reviewer);
        var html = await (await reviewer.GetAsync($"/cases/{app.App.Cases["FA-0001"]}")).Content.ReadAsStringAsync();
        Assert.Contains("victim under 18 today", html, StringComparison.Ordinal);
        Assert.Contains("Dorian Quill", html, StringComparison.Ordinal);
        Assert.Contains("not recorded", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/cases/{app.App.Cases["FA-0002"]}\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"network-data\"", html, StringComparison.Ordinal);
        // Links carry numeric ids only.
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(html, "href=\"([^\"]*)\""))
            Assert.DoesNotContain("Quill", m.Groups[1].Value, StringComparison.Ordinal);
    }
}

internal static class SecurityHeadersAssert
{
    public static void Present(HttpResponseMessage response)
    {
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store expected");
    }
}
