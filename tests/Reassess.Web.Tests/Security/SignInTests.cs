using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Reassess.Access;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Security;

/// <summary>Sign-in and session rules. The tests share one workbench with a fake clock; each signs in afresh.</summary>
public sealed class SignInTests(SignInTests.Fixture fixture) : IClassFixture<SignInTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public Workbench App { get; } = new(signInPermitsPerMinute: 10_000, clock: new FakeTimeProvider(DateTimeOffset.UtcNow));

        public Task InitializeAsync() => App.InitializeAsync();

        public Task DisposeAsync() => App.DisposeAsync().AsTask();
    }

    private readonly Workbench _app = fixture.App;

    [Fact]
    public async Task A_password_and_the_current_code_sign_in()
    {
        var client = await _app.SignInAsync(Workbench.ReviewerA);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Signed in as rev.a", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_code_does_not_sign_in()
    {
        var client = _app.NewClient();
        await Workbench.PostFormAsync(client, "/sign-in", "/sign-in", new() { ["UserName"] = "rev.a", ["Password"] = Workbench.Password });
        var wrong = await Workbench.PostFormAsync(client, "/sign-in/code", "/sign-in/code", new() { ["Code"] = "000000" == Totp.Code(_app.SecretOf(Workbench.ReviewerA)) ? "111111" : "000000" });
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("That code is not right", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_password_alone_never_gives_a_session()
    {
        var client = _app.NewClient();
        var step1 = await Workbench.PostFormAsync(client, "/sign-in", "/sign-in", new() { ["UserName"] = "rev.a", ["Password"] = Workbench.Password });
        Assert.Equal("/sign-in/code", step1.Headers.Location!.OriginalString);
        var home = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/sign-in", home.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var client = _app.NewClient();
        for (var i = 0; i < AccessServices.MaxFailedAttempts; i++)
            await Workbench.PostFormAsync(client, "/sign-in", "/sign-in", new() { ["UserName"] = "rev2.a", ["Password"] = "not the password at all" });
        var right = await Workbench.PostFormAsync(client, "/sign-in", "/sign-in", new() { ["UserName"] = "rev2.a", ["Password"] = Workbench.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_open_session_at_the_next_request()
    {
        var client = await _app.SignInAsync(Workbench.SupervisorB);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().DisableAsync(Workbench.SupervisorB.Name);
        var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/sign-in", after.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_ends_after_fifteen_idle_minutes()
    {
        var client = await _app.SignInAsync(Workbench.Auditor);
        _app.Clock!.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        _app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task A_busy_session_still_ends_eight_hours_after_sign_in()
    {
        var client = await _app.SignInAsync(Workbench.Admin);
        var elapsed = TimeSpan.Zero;
        while (elapsed < TimeSpan.FromHours(7.8))
        {
            _app.Clock!.Advance(TimeSpan.FromMinutes(10));
            elapsed += TimeSpan.FromMinutes(10);
            var r = await client.GetAsync("/");
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"after {elapsed}: {r.StatusCode} {string.Join(" | ", r.Headers.Select(h => h.Key + "=" + string.Join(",", h.Value)))}");
        }
        // 7 h 50 min so far, active every 10 minutes; 20 minutes more passes the 8-hour limit.
        _app.Clock!.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }
}
