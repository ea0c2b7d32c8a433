using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Security;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Access;

/// <summary>Account administration as the CLI and the workbench share it (issue 22, findings 2, 3, 5, 6 and 7).</summary>
[Trait("Category", "Database")]
public sealed class UserAdministrationTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private TestDatabase _db = null!;
    private ServiceProvider _services = null!;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));

    private static readonly Actor LeadA = new("lead.a", Roles.ForceLead, "FA");
    private static readonly Actor Administrator = new("admin", Roles.Admin, null);

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddScoped(_ => ReassessDatabase.CreateContext(_db.Target));
        services.AddSingleton<IAuditTrail>(AuditTrail.For(_db.Target, time: _clock));
        services.AddSingleton(SecretProtector.For(_db.Target));
        services.AddReassessIdentityCore();
        _services = services.BuildServiceProvider();
        await RunAsync(async admin =>
        {
            await admin.AddAsync("lead.a", Roles.ForceLead, "FA", Password);
            await admin.AddAsync("lead2.a", Roles.ForceLead, "FA", Password);
            await admin.AddAsync("sup.a", Roles.Supervisor, "FA", Password);
            await admin.AddAsync("rev.b", Roles.Reviewer, "FB", Password);
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task RunAsync(Func<UserAdministration, Task> step)
    {
        await using var scope = _services.CreateAsyncScope();
        await step(scope.ServiceProvider.GetRequiredService<UserAdministration>());
    }

    [Fact]
    public async Task A_force_lead_manages_their_force_reviewers_and_supervisors_but_no_peer_and_no_other_force()
    {
        await RunAsync(async admin =>
        {
            await Assert.ThrowsAsync<UserAdministrationForbiddenException>(() => admin.DisableAsync("lead2.a", LeadA));
            await Assert.ThrowsAsync<UserAdministrationForbiddenException>(() => admin.ResetMfaAsync("lead2.a", LeadA));
            await Assert.ThrowsAsync<UserAdministrationForbiddenException>(() => admin.DisableAsync("rev.b", LeadA));
            await Assert.ThrowsAsync<UserAdministrationForbiddenException>(() => admin.AddAsync("lead3.a", Roles.ForceLead, "FA", Password, LeadA));
            await Assert.ThrowsAsync<UserAdministrationConflictException>(() => admin.DisableAsync("lead.a", Administrator with { UserName = "lead.a", Role = Roles.Admin }));
            await admin.DisableAsync("sup.a", LeadA);
            await admin.DisableAsync("lead2.a", Administrator);
        });
        await RunAsync(async admin =>
        {
            Assert.True((await admin.GetAsync("sup.a")).Disabled);
            Assert.True((await admin.GetAsync("lead2.a")).Disabled);
            Assert.False((await admin.GetAsync("rev.b")).Disabled);
        });
    }

    [Fact]
    public async Task Account_changes_and_refusals_are_security_events_in_the_audit_trail()
    {
        await RunAsync(async admin =>
        {
            await Assert.ThrowsAsync<UserAdministrationForbiddenException>(() => admin.DisableAsync("lead2.a", LeadA));
            await admin.EnableAsync("sup.a", LeadA);
            await admin.ResetMfaAsync("rev.b");
        });
        await using var db = ReassessDatabase.CreateContext(_db.Target);
        var entries = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Category == AuditCategory.Security).OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(4, entries.Count(e => e.Operation == SecurityEvents.UserAdd && e.Actor == AuditActor.System("user-administration")));
        Assert.Contains(entries, e => e.Operation == SecurityEvents.UserDisable && e.Actor == "lead.a" && e.SubjectIds == "lead2.a" && e.Outcome == AuditOutcome.Denied);
        Assert.Contains(entries, e => e.Operation == SecurityEvents.UserEnable && e.Actor == "lead.a" && e.SubjectIds == "sup.a" && e.Outcome == AuditOutcome.Success);
        Assert.Contains(entries, e => e.Operation == SecurityEvents.UserResetMfa && e.SubjectIds == "rev.b");
    }

    [Fact]
    public async Task Disabling_and_resetting_revoke_the_accounts_sessions()
    {
        string supId = "", revId = "";
        await using (var scope = _services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            var sessions = scope.ServiceProvider.GetRequiredService<UserSessions>();
            supId = (await admin.GetAsync("sup.a")).Id;
            revId = (await admin.GetAsync("rev.b")).Id;
            await sessions.StartAsync(supId);
            await sessions.StartAsync(revId);
            await admin.DisableAsync("sup.a");
            await admin.ResetMfaAsync("rev.b");
        }
        await using var db = ReassessDatabase.CreateContext(_db.Target);
        var rows = await db.Set<UserSession>().AsNoTracking().ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.NotNull(r.RevokedAt));
    }

    [Fact]
    public async Task Authenticator_secrets_are_encrypted_at_rest_and_each_code_is_accepted_once()
    {
        AuthenticatorEnrolment enrolment = null!;
        await RunAsync(async admin => enrolment = await admin.ResetMfaAsync("sup.a"));
        await using (var db = ReassessDatabase.CreateContext(_db.Target))
        {
            var stored = await db.UserTokens.Select(t => t.Value).ToListAsync();
            Assert.All(stored, v => Assert.True(SecretProtector.IsProtected(v!)));
            Assert.DoesNotContain(stored, v => v!.Contains(enrolment.Secret, StringComparison.Ordinal));
        }
        var secret = OneTimeAuthenticatorTokenProvider.Base32Decode(enrolment.Secret);
        string CodeAt(DateTimeOffset at) => OneTimeAuthenticatorTokenProvider.Code(secret, at.ToUnixTimeSeconds() / 30).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        async Task<bool> VerifyAsync(string code)
        {
            await using var scope = _services.CreateAsyncScope();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ReassessUser>>();
            var user = (await users.FindByNameAsync("sup.a"))!;
            return await users.VerifyTwoFactorTokenAsync(user, Microsoft.AspNetCore.Identity.TokenOptions.DefaultAuthenticatorProvider, code);
        }
        var now = _clock.GetUtcNow();
        Assert.True(await VerifyAsync(CodeAt(now)));
        Assert.False(await VerifyAsync(CodeAt(now)));
        Assert.False(await VerifyAsync(CodeAt(now.AddSeconds(-30))));
        Assert.False(await VerifyAsync(CodeAt(now.AddSeconds(-90))));
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await VerifyAsync(CodeAt(_clock.GetUtcNow())));
    }

    [Fact]
    public async Task A_common_password_is_refused_when_an_account_is_created() =>
        await RunAsync(async admin =>
        {
            var refused = await Assert.ThrowsAsync<UserAdministrationException>(() => admin.AddAsync("rev2.a", Roles.Reviewer, "FA", "passwordpassword"));
            Assert.Contains("too common", refused.Message, StringComparison.Ordinal);
        });
}
