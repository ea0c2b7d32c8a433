using System.IO.Compression;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Cases;
using Reassess.Referrals;
using Reassess.Reviews;
using Reassess.Storage;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Referrals;

/// <summary>
/// Issue 25 in the workbench: the force lead exports their force's approved referrals as a zip of signed packs; only
/// the force lead may; only national oversight sees the national referral queue, which shows the packs once imported.
/// </summary>
public sealed class ReferralPagesTests
{
    private static async Task ApproveReferralAsync(Workbench app, string reference)
    {
        var audit = app.Services.GetRequiredService<IAuditTrail>();
        await using var db = ReassessDatabase.CreateContext(app.Target);
        using var caches = new CaseCaches();
        var service = new ReviewService(db, TimeProvider.System, audit, new CaseLeadFinder(caches, TimeProvider.System));
        var reviewer = new Actor(Workbench.ReviewerA.Name, Roles.Reviewer, "FA");
        var supervisor = new Actor(Workbench.SupervisorA.Name, Roles.Supervisor, "FA");
        var assigned = await service.AssignAsync(supervisor, app.Cases[reference], reviewer.UserName);
        Assert.True(assigned.Succeeded, assigned.Message);
        db.ChangeTracker.Clear();
        // FA-0001's suspects are people 11 and 12 (CaseData).
        var form = new ReviewForm
        {
            LinesOfEnquiry = [new() { Category = EnquiryCategory.Suspect, Description = "Trace the taxi firm's bookings." }],
            ExtantRisks = new()
            {
                ToVictim = new() { Level = RiskLevel.None },
                ToOtherChildren = new() { Level = RiskLevel.Medium, Narrative = "Drives school contracts." },
                FromSuspects = [new() { PersonId = 11, Level = RiskLevel.Medium, Narrative = "Access to children." }, new() { PersonId = 12, Level = RiskLevel.None }],
            },
            SafeguardingReferrals = [new() { Agency = ReferralAgency.Mash, Reason = "Access to children.", DateSent = new DateOnly(2026, 1, 5) }],
            Opportunities = [new() { PersonId = 11, Kind = OpportunityKind.Disruption, Narrative = "Licensing." }, new() { PersonId = 12, Kind = OpportunityKind.None, Narrative = "Nothing further." }],
            VictimConsent = VictimConsent.Consents,
            Recommendation = Recommendation.ReferToNationalOperation,
            Rationale = "The first suspect offends in another force's area.",
        };
        await Reassess.Tests.Support.UndecidedLeads.DismissAsync(db, TimeProvider.System, app.Cases[reference], form);
        var submitted = await service.SubmitAsync(reviewer, assigned.Review!.Id, assigned.Review.Version, form);
        Assert.True(submitted.Succeeded, submitted.Message);
        db.ChangeTracker.Clear();
        var approved = await service.ApproveAsync(supervisor, submitted.Review!.Id, submitted.Review.Version);
        Assert.True(approved.Succeeded, approved.Message);
    }

    [Fact]
    public async Task The_force_lead_downloads_signed_packs_once_and_national_oversight_alone_sees_them_in_the_queue()
    {
        await using var app = await Workbench.StartAsync();
        await ApproveReferralAsync(app, "FA-0001");

        foreach (var user in new[] { Workbench.ReviewerA, Workbench.SupervisorA, Workbench.National, Workbench.Auditor, Workbench.Admin })
        {
            var other = await app.SignInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/referrals/export")).StatusCode);
        }

        var lead = await app.SignInAsync(Workbench.ForceLeadA);
        var page = await lead.GetStringAsync("/referrals/export");
        Assert.Contains("<th scope=\"row\">FA-0001</th>", page, StringComparison.Ordinal);
        var response = await Workbench.PostFormAsync(lead, "/referrals/export", "/referrals/export", []);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var dir = Directory.CreateTempSubdirectory("reassess-web-referrals-").FullName;
        try
        {
            using (var archive = new ZipArchive(await response.Content.ReadAsStreamAsync()))
            {
                Assert.Equal(["FA_FA-0001_v1.html", "FA_FA-0001_v1.json"], archive.Entries.Select(e => e.Name).Order(StringComparer.Ordinal));
                archive.ExtractToDirectory(dir);
            }
            Assert.DoesNotContain("Penrose", await File.ReadAllTextAsync(Path.Combine(dir, "FA_FA-0001_v1.json")), StringComparison.Ordinal);
            // Sent: nothing waits any more, and the disclosure is in the audit trail.
            Assert.Contains("nothing-pending", await lead.GetStringAsync("/referrals/export"), StringComparison.Ordinal);
            var trail = app.Services.GetRequiredService<AuditTrail>();
            var disclosure = Assert.Single(await trail.FindAsync(new AuditQuery { Actor = Workbench.ForceLeadA.Name }), e => e.Operation == ReferralExporter.ExportOperation);
            Assert.Equal(AuditCategory.Disclosure, disclosure.Category);

            // The national operation registers the force's key and takes the pack in (here on the same database).
            await using (var db = ReassessDatabase.CreateContext(app.Target))
            {
                var intake = new ReferralIntake(db, TimeProvider.System, app.Services.GetRequiredService<IAuditTrail>());
                await intake.RegisterForceAsync("nat.admin", "FA", ReferralSigningKey.For(app.Target).PublicKeyPem(), "fa.pem");
                Assert.Equal(PackOutcome.Imported, Assert.Single(await intake.ImportAsync("nat.admin", dir)).Outcome);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        foreach (var user in new[] { Workbench.ReviewerA, Workbench.SupervisorA, Workbench.ForceLeadA, Workbench.Auditor, Workbench.Admin })
        {
            var other = await app.SignInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/referrals")).StatusCode);
        }
        var national = await app.SignInAsync(Workbench.National);
        var queue = await national.GetStringAsync("/referrals");
        Assert.Contains("FA-0001 (version 1)", queue, StringComparison.Ordinal);
        // One victim: FA-0001 does not meet beaconport-2025, so the pack and the queue flag it.
        Assert.Contains(ReferralPackFormat.NotMeetingNationalCriteria, queue, StringComparison.Ordinal);
        // The reports: the referral counted under its force and month, and the days from approval to referral.
        Assert.Contains("id=\"referral-counts\"", queue, StringComparison.Ordinal);
        Assert.Matches(@"<th scope=""row"">FA</th><td>\d{4}-\d{2}</td>", queue);
        Assert.Contains("id=\"referral-delays\"", queue, StringComparison.Ordinal);
    }
}
