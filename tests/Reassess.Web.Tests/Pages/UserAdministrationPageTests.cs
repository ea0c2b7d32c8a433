using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Security;
using Reassess.Storage;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Pages;

/// <summary>
/// The users page (issue 21, item 9): accounts are created in the web with their role, force and a one-time enrolment
/// QR code, a force lead only within their own force and roles; disabling and resetting an authenticator ask first.
/// </summary>
public sealed class UserAdministrationPageTests(SharedWorkbench shared) : IClassFixture<SharedWorkbench>
{
    private readonly Workbench app = shared.App;

    private const string NewPassword = "a long enough initial password 42";

    private async Task<UserSummary?> AccountAsync(string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        return (await admin.ListAsync()).FirstOrDefault(u => u.UserName == name);
    }

    /// <summary>Whether the trail holds a matching entry, allowing a few seconds for the trail's writer to catch up.</summary>
    private async Task<bool> AuditedAsync(Func<AuditEntry, bool> match)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var entries = await scope.ServiceProvider.GetRequiredService<ReassessDbContext>().Set<AuditEntry>().AsNoTracking().ToListAsync();
                if (entries.Any(match)) return true;
            }
            await Task.Delay(100);
        }
        return false;
    }

    private static Task<HttpResponseMessage> CreateAsync(HttpClient client, string name, string role, string force, string password) =>
        Workbench.PostFormAsync(client, "/users", "/users?handler=Create",
            new() { ["NewUserName"] = name, ["NewRole"] = role, ["NewForce"] = force, ["NewPassword"] = password });

    [Fact]
    public async Task An_administrator_creates_an_account_with_its_role_force_and_an_enrolment_qr_code_shown_once()
    {
        var admin = await app.SignInAsync(Workbench.Admin);
        var form = await admin.GetStringAsync("/users");
        Assert.Contains("Create an account", form, StringComparison.Ordinal);
        Assert.Contains("<option value=\"auditor\">auditor</option>", form, StringComparison.Ordinal);

        var created = await CreateAsync(admin, "web.rev.a", Roles.Reviewer, "fa", NewPassword);
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var html = await created.Content.ReadAsStringAsync();
        Assert.Contains("web.rev.a is created as reviewer of FA.", html, StringComparison.Ordinal);
        Assert.Contains("New authenticator for web.rev.a", html, StringComparison.Ordinal);
        Assert.Contains("src=\"data:image/png;base64,", html, StringComparison.Ordinal);
        Assert.DoesNotContain(NewPassword, html, StringComparison.Ordinal);

        var account = await AccountAsync("web.rev.a");
        Assert.NotNull(account);
        Assert.Equal((Roles.Reviewer, "FA", true), (account.Role, account.Force, account.MfaEnrolled));
        // The enrolment is not shown again.
        Assert.DoesNotContain("New authenticator for web.rev.a", await admin.GetStringAsync("/users"), StringComparison.Ordinal);
        Assert.True(await AuditedAsync(e => e.Operation == SecurityEvents.UserAdd && e.Actor == Workbench.Admin.Name && e.SubjectIds == "web.rev.a" && e.Outcome == AuditOutcome.Success),
            "The creation is in the audit trail as a security event.");
    }

    [Fact]
    public async Task A_refused_creation_says_why_in_the_forms_words_and_keeps_what_was_typed()
    {
        var admin = await app.SignInAsync(Workbench.Admin);
        var noForce = await (await CreateAsync(admin, "web.sup.x", Roles.Supervisor, "", NewPassword)).Content.ReadAsStringAsync();
        Assert.Contains("The supervisor role belongs to one force: choose its force.", noForce, StringComparison.Ordinal);
        Assert.Contains("value=\"web.sup.x\"", noForce, StringComparison.Ordinal);
        Assert.Contains("<option value=\"supervisor\" selected=\"selected\">", noForce, StringComparison.Ordinal);

        var duplicate = await (await CreateAsync(admin, Workbench.ReviewerA.Name, Roles.Reviewer, "FA", NewPassword)).Content.ReadAsStringAsync();
        Assert.Contains("already exists", duplicate, StringComparison.Ordinal);

        var empty = await (await CreateAsync(admin, "", "", "", "")).Content.ReadAsStringAsync();
        Assert.Contains("Give the new account a user name.", empty, StringComparison.Ordinal);
        Assert.Contains("Choose the new account&#x27;s role.", empty, StringComparison.Ordinal);
        Assert.Contains("Give the new account an initial password.", empty, StringComparison.Ordinal);
        Assert.Null(await AccountAsync("web.sup.x"));
    }

    [Fact]
    public async Task A_force_lead_creates_reviewers_and_supervisors_of_their_own_force_only()
    {
        var lead = await app.SignInAsync(Workbench.ForceLeadA);
        var form = await lead.GetStringAsync("/users");
        Assert.Contains("<option value=\"supervisor\">supervisor</option>", form, StringComparison.Ordinal);
        Assert.DoesNotContain("<option value=\"force_lead\">", form, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"NewForce\"", form, StringComparison.Ordinal);

        // A force typed into a forged post is ignored: the account is the lead's own force's.
        var created = await CreateAsync(lead, "web.sup.a", Roles.Supervisor, "FB", NewPassword);
        Assert.Contains("web.sup.a is created as supervisor of FA.", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("FA", (await AccountAsync("web.sup.a"))?.Force);

        var wider = await (await CreateAsync(lead, "web.lead.a", Roles.ForceLead, "FA", NewPassword)).Content.ReadAsStringAsync();
        Assert.Contains("Choose the new account&#x27;s role.", wider, StringComparison.Ordinal);
        Assert.Null(await AccountAsync("web.lead.a"));
    }

    [Fact]
    public async Task Disable_and_reset_ask_for_confirmation_before_doing_anything()
    {
        var admin = await app.SignInAsync(Workbench.Admin);
        await CreateAsync(admin, "web.rev.c", Roles.Reviewer, "FA", NewPassword);

        var asked = await Workbench.PostFormAsync(admin, "/users", "/users?handler=Disable", new() { ["name"] = "web.rev.c" });
        var question = await asked.Content.ReadAsStringAsync();
        Assert.Contains("Disable web.rev.c?", question, StringComparison.Ordinal);
        Assert.Contains("signed out everywhere at once", question, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"confirmed\" value=\"true\">", question, StringComparison.Ordinal);
        Assert.False((await AccountAsync("web.rev.c"))!.Disabled);

        var resetAsked = await (await Workbench.PostFormAsync(admin, "/users", "/users?handler=ResetMfa", new() { ["name"] = "web.rev.c" })).Content.ReadAsStringAsync();
        Assert.Contains("Reset the authenticator of web.rev.c?", resetAsked, StringComparison.Ordinal);
        Assert.DoesNotContain("New authenticator for web.rev.c", resetAsked, StringComparison.Ordinal);

        var done = await Workbench.PostFormAsync(admin, "/users", "/users?handler=Disable", new() { ["name"] = "web.rev.c", ["confirmed"] = "true" });
        Assert.Contains("web.rev.c is disabled and signed out everywhere.", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True((await AccountAsync("web.rev.c"))!.Disabled);

        // Another force's account is not found even at the question, as when confirmed.
        var lead = await app.SignInAsync(Workbench.ForceLeadA);
        var otherForce = await Workbench.PostFormAsync(lead, "/users", "/users?handler=Disable", new() { ["name"] = Workbench.ReviewerB.Name });
        Assert.Equal(HttpStatusCode.NotFound, otherForce.StatusCode);
    }
}
