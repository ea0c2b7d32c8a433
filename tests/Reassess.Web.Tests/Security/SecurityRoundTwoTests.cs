using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Security;
using Reassess.Storage;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Security;

/// <summary>Issue 22, security round two: each test failed on the code before its fix.</summary>
[Trait("Category", "Database")]
public sealed class SecurityRoundTwoTests
{
    // ---- Finding 1 and 13: sessions live on the server.

    [Fact]
    public async Task Signing_out_ends_the_session_on_the_server_so_a_copied_cookie_stops_working()
    {
        await using var app = await Workbench.StartAsync();
        var (client, cookie) = await SignInKeepingCookieAsync(app, Workbench.SupervisorA);
        var copy = WithCookie(app, cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/supervision")).StatusCode);

        var signOut = await Workbench.PostFormAsync(client, "/", "/sign-out", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var after = await copy.GetAsync("/supervision");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/sign-in", after.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resetting_an_authenticator_ends_the_accounts_sessions_on_the_server()
    {
        await using var app = await Workbench.StartAsync();
        var (_, cookie) = await SignInKeepingCookieAsync(app, Workbench.ReviewerA2);
        var copy = WithCookie(app, cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/")).StatusCode);
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().ResetMfaAsync(Workbench.ReviewerA2.Name);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReassessDbContext>();
            var user = await db.Users.SingleAsync(u => u.UserName == Workbench.ReviewerA2.Name);
            Assert.All(await db.Set<UserSession>().Where(s => s.UserId == user.Id).ToListAsync(), s => Assert.NotNull(s.RevokedAt));
        }
        Assert.Equal(HttpStatusCode.Redirect, (await copy.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Two_servers_on_one_database_share_sessions_and_a_sign_out_on_one_ends_it_on_the_other()
    {
        await using var first = await Workbench.StartAsync();
        await using var second = first.AnotherServer();
        var (client, cookie) = await SignInKeepingCookieAsync(first, Workbench.ReviewerA);

        var onSecond = WithCookie(second, cookie);
        var home = await onSecond.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Signed in as rev.a", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await Workbench.PostFormAsync(client, "/", "/sign-out", [])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await onSecond.GetAsync("/")).StatusCode);
    }

    // ---- Finding 2: a code works once.

    [Fact]
    public async Task An_authenticator_code_signs_in_once_and_an_earlier_one_is_refused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await Workbench.StartAsync(clock: clock);
        var secret = app.SecretOf(Workbench.ReviewerA);
        var code = Totp.Code(secret, clock.GetUtcNow());

        Assert.Equal(HttpStatusCode.Redirect, (await PasswordThenCodeAsync(app, Workbench.ReviewerA, code)).StatusCode);
        var again = await PasswordThenCodeAsync(app, Workbench.ReviewerA, code);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("not right, or it was used already", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var earlier = await PasswordThenCodeAsync(app, Workbench.ReviewerA, Totp.Code(secret, clock.GetUtcNow().AddSeconds(-30)));
        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);

        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Redirect, (await PasswordThenCodeAsync(app, Workbench.ReviewerA, Totp.Code(secret, clock.GetUtcNow()))).StatusCode);
    }

    // ---- Finding 3: a force lead cannot act on a peer.

    [Fact]
    public async Task A_force_lead_cannot_disable_or_reset_another_force_lead_nor_change_their_own_account()
    {
        await using var app = await Workbench.StartAsync();
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().AddAsync("lead2.a", Roles.ForceLead, "FA", Workbench.Password);
        var lead = await app.SignInAsync(Workbench.ForceLeadA);

        var disable = await Workbench.PostFormAsync(lead, "/users", "/users?handler=Disable", new() { ["name"] = "lead2.a" });
        Assert.Equal(HttpStatusCode.Forbidden, disable.StatusCode);
        var reset = await Workbench.PostFormAsync(lead, "/users", "/users?handler=ResetMfa", new() { ["name"] = "lead2.a" });
        Assert.Equal(HttpStatusCode.Forbidden, reset.StatusCode);
        Assert.DoesNotContain("New authenticator", await reset.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var self = await Workbench.PostFormAsync(lead, "/users", "/users?handler=Disable", new() { ["name"] = "lead.a" });
        Assert.Equal(HttpStatusCode.Conflict, self.StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var peer = await scope.ServiceProvider.GetRequiredService<UserAdministration>().GetAsync("lead2.a");
            Assert.False(peer.Disabled);
        }
        var supervisor = await Workbench.PostFormAsync(lead, "/users", "/users?handler=Disable", new() { ["name"] = "sup2.a" });
        Assert.Equal(HttpStatusCode.OK, supervisor.StatusCode);
    }

    // ---- Finding 5 and 11: security events and the oversight page in the audit trail.

    [Fact]
    public async Task Sign_ins_failures_lockouts_sign_outs_user_changes_and_refusals_are_in_the_audit_trail()
    {
        await using var app = await Workbench.StartAsync();
        var anonymous = app.NewClient();
        await Workbench.PostFormAsync(anonymous, "/sign-in", "/sign-in", new() { ["UserName"] = "nobody.here", ["Password"] = "wrong password here" });
        for (var i = 0; i < AccessServices.MaxFailedAttempts; i++)
            await Workbench.PostFormAsync(anonymous, "/sign-in", "/sign-in", new() { ["UserName"] = "rev2.a", ["Password"] = "wrong password here" });

        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync("/users")).StatusCode);
        await Workbench.PostFormAsync(reviewer, "/", "/sign-out", []);

        var admin = await app.SignInAsync(Workbench.Admin);
        Assert.Equal(HttpStatusCode.OK, (await Workbench.PostFormAsync(admin, "/users", "/users?handler=Disable", new() { ["name"] = "sup.b" })).StatusCode);
        var national = await app.SignInAsync(Workbench.National);
        Assert.Equal(HttpStatusCode.OK, (await national.GetAsync("/oversight")).StatusCode);

        var entries = await EntriesAsync(app);
        Assert.Contains(entries, e => e.Operation == SecurityEvents.SignIn && e.Actor == "rev.a" && e.Outcome == AuditOutcome.Success && e.Category == AuditCategory.Security);
        Assert.Contains(entries, e => e.Operation == SecurityEvents.SignInFailed && e.Actor == SecurityEvents.UnknownAccount && !e.SubjectIds.Contains("nobody", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Operation == SecurityEvents.SignInFailed && e.Actor == "rev2.a" && e.Outcome == AuditOutcome.Failure);
        Assert.Contains(entries, e => e.Operation == SecurityEvents.LockedOut && e.Actor == "rev2.a");
        Assert.Contains(entries, e => e.Operation == SecurityEvents.SignOut && e.Actor == "rev.a");
        Assert.Contains(entries, e => e.Operation == SecurityEvents.AccessDenied && e.Actor == "rev.a" && e.SubjectIds == "/users" && e.Outcome == AuditOutcome.Denied);
        Assert.Contains(entries, e => e.Operation == SecurityEvents.UserDisable && e.Actor == "admin" && e.SubjectIds == "sup.b" && e.Outcome == AuditOutcome.Success);
        var oversight = Assert.Single(entries, e => e.Operation == "oversight.view");
        Assert.Equal(AuditCategory.Consultation, oversight.Category);
        Assert.Equal("national", oversight.Actor);
        Assert.True((await app.Services.GetRequiredService<AuditTrail>().VerifyAsync()).Intact);
    }

    // ---- Finding 6: secrets at rest.

    [Fact]
    public async Task Authenticator_secrets_and_the_key_ring_are_stored_encrypted()
    {
        await using var app = await Workbench.StartAsync();
        await app.SignInAsync(Workbench.ReviewerA);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReassessDbContext>();
        var tokens = await db.UserTokens.Select(t => t.Value).ToListAsync();
        Assert.Equal(Workbench.Users.Count, tokens.Count);
        Assert.All(tokens, t => Assert.StartsWith("v1:", t, StringComparison.Ordinal));
        Assert.DoesNotContain(tokens, t => t!.Contains(app.SecretOf(Workbench.ReviewerA), StringComparison.OrdinalIgnoreCase));
        var keys = await db.Set<DataProtectionKeyRecord>().Select(k => k.Xml).ToListAsync();
        Assert.NotEmpty(keys);
        Assert.All(keys, k =>
        {
            Assert.Contains("<encryptedKey", k, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", k, StringComparison.Ordinal);
        });
    }

    // ---- Finding 7: weak passwords.

    [Theory]
    [InlineData("password1234")]
    [InlineData("passwordpassword")]
    [InlineData("qwertyuiop123")]
    public async Task A_common_or_breached_password_is_refused(string password)
    {
        await using var app = await Workbench.StartAsync();
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        var refused = await Assert.ThrowsAsync<UserAdministrationException>(() => admin.AddAsync("weak.a", Roles.Reviewer, "FA", password));
        Assert.Contains("too common", refused.Message, StringComparison.Ordinal);
    }

    // ---- Finding 8: account enumeration.

    [Fact]
    public async Task An_unknown_account_gets_the_same_words_and_takes_as_long_as_a_wrong_password()
    {
        await using var app = await Workbench.StartAsync();
        var client = app.NewClient();
        async Task<(TimeSpan Time, string Html)> AttemptAsync(string user)
        {
            var page = await client.GetStringAsync("/sign-in");
            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = user,
                ["Password"] = "not the password at all",
                ["__RequestVerificationToken"] = Workbench.AntiforgeryToken(page),
            });
            var watch = Stopwatch.StartNew();
            var response = await client.PostAsync("/sign-in", form);
            var html = await response.Content.ReadAsStringAsync();
            return (watch.Elapsed, html);
        }
        // Fewer attempts on the real account than lock it.
        var known = new List<TimeSpan>();
        var unknown = new List<TimeSpan>();
        string? knownWords = null, unknownWords = null;
        for (var i = 0; i < AccessServices.MaxFailedAttempts - 1; i++)
        {
            var k = await AttemptAsync("rev2.a");
            var u = await AttemptAsync("no.such.user" + i);
            known.Add(k.Time);
            unknown.Add(u.Time);
            knownWords = Message(k.Html);
            unknownWords = Message(u.Html);
        }
        Assert.Equal(knownWords, unknownWords);
        var (knownMedian, unknownMedian) = (Median(known), Median(unknown));
        Assert.True(unknownMedian >= knownMedian * 0.5, $"unknown {unknownMedian.TotalMilliseconds:F0} ms vs wrong password {knownMedian.TotalMilliseconds:F0} ms");

        // A locked account answers in the same words too.
        await AttemptAsync("rev2.a");
        var locked = await AttemptAsync("rev2.a");
        Assert.Equal(unknownWords, Message(locked.Html));
    }

    // ---- Finding 9: the rate limit is keyed on the real client.

    [Fact]
    public async Task A_spoofed_forwarded_for_does_not_get_past_the_sign_in_limit_and_429_says_when_to_retry()
    {
        await using var app = await Workbench.StartAsync(signInPermitsPerMinute: 5);
        using var loopback = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IStartupFilter>(new FromAddress(IPAddress.Loopback))));
        var client = loopback.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var statuses = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            var page = await client.GetStringAsync("/sign-in");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/sign-in")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["UserName"] = "nobody",
                    ["Password"] = "wrong password here",
                    ["__RequestVerificationToken"] = Workbench.AntiforgeryToken(page),
                }),
            };
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i + 1}");
            statuses.Add(await client.SendAsync(request));
        }
        Assert.All(statuses.Take(5), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.All(statuses.Skip(5), r =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode);
            var retry = r.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
            Assert.InRange(retry, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        });
    }

    [Fact]
    public async Task Forwarded_headers_are_believed_from_a_configured_proxy_only()
    {
        await using var app = new Workbench().With(ReassessWebApp.KnownProxiesSetting, "127.0.0.1");
        await app.InitializeAsync();
        using var proxied = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IStartupFilter>(new FromAddress(IPAddress.Loopback))));
        using var direct = app.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<IStartupFilter>(new FromAddress(IPAddress.Parse("192.0.2.7")))));
        async Task<bool> SecureCookieAsync(WebApplicationFactory<Program> factory)
        {
            var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, "/sign-in");
            request.Headers.Add("X-Forwarded-Proto", "https");
            var response = await client.SendAsync(request);
            return response.Headers.GetValues("Set-Cookie").Any(c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
        }
        Assert.True(await SecureCookieAsync(proxied));
        Assert.False(await SecureCookieAsync(direct));
    }

    // ---- Finding 10: a return URL with a control character.

    [Fact]
    public async Task A_return_url_with_a_control_character_goes_home_after_signing_in()
    {
        await using var app = await Workbench.StartAsync();
        var client = app.NewClient();
        var step1 = await Workbench.PostFormAsync(client, "/sign-in?returnUrl=%2Fqueue%01x", "/sign-in?returnUrl=%2Fqueue%01x",
            new() { ["UserName"] = "rev.a", ["Password"] = Workbench.Password });
        Assert.Equal(HttpStatusCode.Redirect, step1.StatusCode);
        var codePage = step1.Headers.Location!.OriginalString;
        var step2 = await Workbench.PostFormAsync(client, codePage, codePage, new() { ["Code"] = await app.FreshCodeAsync(Workbench.ReviewerA), ["ReturnUrl"] = "/queue\u0001x" });
        Assert.Equal(HttpStatusCode.Redirect, step2.StatusCode);
        Assert.Equal("/", step2.Headers.Location!.OriginalString);
    }

    // ---- Finding 12: HSTS by configuration.

    [Fact]
    public async Task Hsts_is_sent_over_https_when_configured_and_never_otherwise()
    {
        await using var app = new Workbench().With(ReassessWebApp.HstsSetting, "true");
        await app.InitializeAsync();
        var https = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        var http = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://localhost"), AllowAutoRedirect = false });
        Assert.Equal("max-age=31536000; includeSubDomains", (await https.GetAsync("/sign-in")).Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False((await http.GetAsync("/sign-in")).Headers.Contains("Strict-Transport-Security"));

        await using var plain = await Workbench.StartAsync();
        var plainHttps = plain.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        Assert.False((await plainHttps.GetAsync("/sign-in")).Headers.Contains("Strict-Transport-Security"));
    }

    // ---- Support.

    /// <summary>Signs in through the pages and returns the client and the session cookie (name=value) it was given.</summary>
    private static async Task<(HttpClient Client, string Cookie)> SignInKeepingCookieAsync(Workbench app, TestUser user)
    {
        var client = app.NewClient();
        await Workbench.PostFormAsync(client, "/sign-in", "/sign-in", new() { ["UserName"] = user.Name, ["Password"] = Workbench.Password });
        var step2 = await Workbench.PostFormAsync(client, "/sign-in/code", "/sign-in/code", new() { ["Code"] = await app.FreshCodeAsync(user) });
        Assert.Equal(HttpStatusCode.Redirect, step2.StatusCode);
        var cookie = step2.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("reassess.session=", StringComparison.Ordinal));
        return (client, cookie.Split(';')[0]);
    }

    /// <summary>A client of <paramref name="app"/> that sends the copied cookie and keeps no cookies of its own.</summary>
    private static HttpClient WithCookie(Workbench app, string cookie)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    private static async Task<HttpResponseMessage> PasswordThenCodeAsync(Workbench app, TestUser user, string code)
    {
        var client = app.NewClient();
        var step1 = await Workbench.PostFormAsync(client, "/sign-in", "/sign-in", new() { ["UserName"] = user.Name, ["Password"] = Workbench.Password });
        Assert.Equal(HttpStatusCode.Redirect, step1.StatusCode);
        return await Workbench.PostFormAsync(client, "/sign-in/code", "/sign-in/code", new() { ["Code"] = code });
    }

    private static async Task<List<AuditEntry>> EntriesAsync(Workbench app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ReassessDbContext>().Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    private static string Message(string html)
    {
        var m = System.Text.RegularExpressions.Regex.Match(html, "id=\"error-summary\">\\s*<h2>[^<]*</h2>\\s*<p>([^<]*)</p>");
        return m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : "(no message)";
    }

    private static TimeSpan Median(List<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>Makes every request come from <paramref name="address"/> (the test server gives none).</summary>
    private sealed class FromAddress(IPAddress address) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((HttpContext context, RequestDelegate nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>Issue 22, finding 15: liveness and readiness for a load balancer, without signing in.</summary>
[Trait("Category", "Database")]
public sealed class HealthTests
{
    [Fact]
    public async Task Liveness_and_readiness_answer_without_signing_in_and_readiness_fails_without_the_audit_key()
    {
        await using var app = await Workbench.StartAsync();
        var client = app.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        var ready = await client.GetAsync("/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready", await ready.Content.ReadAsStringAsync());

        // The trail has entries (the seeded accounts); without its key the server is not ready.
        var keyFile = app.Services.GetRequiredService<AuditTrail>().Keys.KeyFile;
        File.Move(keyFile, keyFile + ".moved");
        try
        {
            var notReady = await client.GetAsync("/readyz");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Equal("not ready: audit key", await notReady.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        }
        finally
        {
            File.Move(keyFile + ".moved", keyFile);
        }
    }
}
