using System.Net;
using System.Security.Cryptography;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Operations;

/// <summary>
/// Issue 22 findings 13 and 14, for real: two <c>reassess serve</c> processes on one database (on PostgreSQL, the
/// throwaway cluster of ./test.sh), behind nginx with HTTPS (docs/operations.md's sample, a throwaway self-signed
/// certificate). Sessions and the Data Protection keys are shared through the database; cookies are Secure, HttpOnly and
/// SameSite over HTTPS, HSTS is sent, and <c>X-Forwarded-For</c> is believed from nginx only.
/// </summary>
[Trait("Category", "Database")]
public sealed class ProxiedServersTests(ProxiedServersTests.Servers servers) : IClassFixture<ProxiedServersTests.Servers>
{
    /// <summary>Sign-in POSTs per client address and minute on each server.</summary>
    public const int Permits = 4;

    public sealed class Servers : IAsyncLifetime
    {
        private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal)
        {
            // The same secrets on every server, as docs/operations.md asks.
            ["REASSESS_SECRETS_KEY"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            ["REASSESS_AUDIT_KEY"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            ["Reassess__KnownProxies"] = "127.0.0.1",
            ["Reassess__Hsts"] = "true",
            ["Reassess__SignInPermitsPerMinute"] = Permits.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        public Workbench App { get; private set; } = null!;

        public ServeProcess First { get; private set; } = null!;

        public ServeProcess Second { get; private set; } = null!;

        public NginxProxy Proxy { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            // The accounts and cases, written through the app with the servers' secrets (so their authenticator keys can be read).
            App = new Workbench().With("REASSESS_SECRETS_KEY", _environment["REASSESS_SECRETS_KEY"]).With("REASSESS_AUDIT_KEY", _environment["REASSESS_AUDIT_KEY"]);
            await App.InitializeAsync();
            try
            {
                First = await ServeProcess.StartAsync(App.Target, _environment);
                Second = await ServeProcess.StartAsync(App.Target, _environment);
                Proxy = await NginxProxy.StartAsync(First.Port, Second.Port);
            }
            catch
            {
                // xUnit does not dispose a fixture whose start failed: stop what did start.
                await DisposeAsync();
                throw;
            }
        }

        public async Task DisposeAsync()
        {
            if (Proxy is not null) await Proxy.DisposeAsync();
            if (Second is not null) await Second.DisposeAsync();
            if (First is not null) await First.DisposeAsync();
            if (App is not null) await App.DisposeAsync();
            (Proxy, Second, First, App) = (null!, null!, null!, null!);
        }
    }

    [Fact]
    public async Task Signed_in_on_one_serve_process_the_session_continues_on_the_other_and_a_sign_out_on_one_ends_it_on_the_other()
    {
        using var first = new RawClient(servers.First.BaseAddress);
        await first.SignInAsync(servers.App, Workbench.ReviewerA);
        using var second = new RawClient(servers.Second.BaseAddress);
        foreach (var (name, value) in first.Cookies) second.Cookies[name] = value;

        using (var home = await second.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
            Assert.Contains("Signed in as rev.a", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var queue = await second.GetAsync("/queue")) Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        // Plain HTTP straight to a server: nothing claims HTTPS, so the cookie is not marked Secure (the proxy's report decides).
        Assert.DoesNotContain(first.SetCookies, c => c.StartsWith("reassess.session=", StringComparison.Ordinal) && c.Contains("secure", StringComparison.OrdinalIgnoreCase));

        using (var signOut = await first.PostFormAsync("/", "/sign-out", [])) Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        using var after = await second.GetAsync("/queue");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/sign-in", after.Headers.Location!.IsAbsoluteUri ? after.Headers.Location.AbsolutePath : after.Headers.Location.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Through_nginx_over_https_the_cookies_are_secure_httponly_and_samesite_and_hsts_is_sent()
    {
        using var client = new RawClient(servers.Proxy.BaseAddress, IPAddress.Parse("127.0.0.4"), servers.Proxy.Certificate);
        // Round robin: the password step, the code step and the pages land on both servers in turn.
        await client.SignInAsync(servers.App, Workbench.SupervisorA);
        for (var i = 0; i < 4; i++)
        {
            using var page = await client.GetAsync(i % 2 == 0 ? "/" : "/supervision");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("max-age=31536000; includeSubDomains", string.Join(",", page.Headers.GetValues("Strict-Transport-Security")));
        }

        foreach (var name in new[] { "reassess.session", "reassess.af", "reassess.mfa" })
        {
            var lines = client.SetCookies.Where(c => c.StartsWith(name + "=", StringComparison.Ordinal)).ToList();
            Assert.True(lines.Count > 0, $"no {name} cookie was set: {string.Join(" | ", client.SetCookies)}");
            Assert.All(lines, line =>
            {
                var attributes = line.Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
                Assert.Contains("secure", attributes);
                Assert.Contains("httponly", attributes);
                Assert.Contains("samesite=strict", attributes);
            });
        }
    }

    [Fact]
    public async Task The_rate_limit_keys_on_the_client_nginx_reports_and_ignores_an_x_forwarded_for_sent_by_anyone_else()
    {
        // Through nginx from 127.0.0.2 until both servers refuse that client (round robin: each gets every other request).
        using (var flood = new RawClient(servers.Proxy.BaseAddress, IPAddress.Parse("127.0.0.2"), servers.Proxy.Certificate))
        {
            var statuses = await PostSignInsAsync(flood, 3 * Permits);
            Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= 2, "statuses: " + string.Join(",", statuses));
        }
        // Another client through the same nginx is not refused: the servers saw 127.0.0.2 and 127.0.0.3, not nginx's 127.0.0.1.
        using (var other = new RawClient(servers.Proxy.BaseAddress, IPAddress.Parse("127.0.0.3"), servers.Proxy.Certificate))
        {
            var statuses = await PostSignInsAsync(other, 2);
            Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses);
        }
        // A client claiming other addresses through nginx: nginx replaces the header, so it is still refused.
        using (var spoofer = new RawClient(servers.Proxy.BaseAddress, IPAddress.Parse("127.0.0.6"), servers.Proxy.Certificate))
        {
            var statuses = await PostSignInsAsync(spoofer, 3 * Permits, spoof: true);
            Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        }
        // Straight to a server from an address that is not the proxy: its X-Forwarded-For is ignored.
        using (var direct = new RawClient(servers.First.BaseAddress, IPAddress.Parse("127.0.0.5")))
        {
            var statuses = await PostSignInsAsync(direct, Permits + 2, spoof: true);
            Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        }
    }

    /// <summary>
    /// Sign-in POSTs without a form (the limiter counts them before antiforgery refuses them with 400); with
    /// <paramref name="spoof"/>, each claims another client address in <c>X-Forwarded-For</c>.
    /// </summary>
    private static async Task<List<HttpStatusCode>> PostSignInsAsync(RawClient client, int count, bool spoof = false)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            var headers = spoof ? new Dictionary<string, string> { ["X-Forwarded-For"] = $"10.9.{i / 250}.{i % 250 + 1}" } : null;
            using var response = await client.SendAsync(HttpMethod.Post, "/sign-in", new FormUrlEncodedContent([]), headers);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) Assert.True(response.Headers.RetryAfter is not null, "a 429 without Retry-After");
            statuses.Add(response.StatusCode);
        }
        return statuses;
    }
}
