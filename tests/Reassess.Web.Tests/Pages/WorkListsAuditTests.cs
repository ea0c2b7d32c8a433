using Microsoft.Extensions.DependencyInjection;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Reviews;
using Reassess.Web.Cases;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Pages;

/// <summary>"My work" and "awaiting sign-off" name cases, so showing them is a consultation (DPA 2018 s.62) like the queue.</summary>
public sealed class WorkListsAuditTests(SharedWorkbench shared) : IClassFixture<SharedWorkbench>
{
    private readonly Workbench app = shared.App;

    [Fact]
    public async Task My_work_and_awaiting_sign_off_are_recorded_as_consultations_of_the_investigations_on_them()
    {
        // The reviewer takes FA-0002 (investigation 2) and submits nothing yet: it is in their work list.
        using (var scope = app.Services.CreateScope())
        {
            var reviews = scope.ServiceProvider.GetRequiredService<ReviewService>();
            var taken = await reviews.TakeAsync(new Actor(Workbench.ReviewerA.Name, Roles.Reviewer, "FA"), app.Cases["FA-0002"]);
            Assert.True(taken.Succeeded, taken.Message);
        }
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var page = await reviewer.GetStringAsync("/work");
        Assert.Contains("FA-0002", page, StringComparison.Ordinal);

        var trail = app.Services.GetRequiredService<AuditTrail>();
        var entry = Assert.Single(await trail.FindAsync(new AuditQuery { Actor = Workbench.ReviewerA.Name, Case = "2" }),
            e => e.Operation == CaseAccess.Operations.ViewWork);
        Assert.Equal(AuditCategory.Consultation, entry.Category);
        Assert.False(string.IsNullOrWhiteSpace(entry.Justification));

        // An empty list names nothing, so nothing is recorded for it.
        var supervisor = await app.SignInAsync(Workbench.SupervisorB);
        await supervisor.GetStringAsync("/supervision");
        Assert.DoesNotContain(await trail.FindAsync(new AuditQuery { Actor = Workbench.SupervisorB.Name }),
            e => e.Operation == CaseAccess.Operations.ViewSupervision);
    }
}
