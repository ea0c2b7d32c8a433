using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Reviews;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Pages;

/// <summary>
/// Issue 21, items 5 and 8 through the pages: what waits for a user on the home page and in the navigation, the events of
/// their work; a report exported as CSV and as a print-ready page, each recorded as a disclosure; the audit page naming
/// investigations by crime reference and summarising queue views.
/// </summary>
public sealed class NotificationsExportPageTests(NotificationsExportPageTests.Fixture fixture) : IClassFixture<NotificationsExportPageTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public Workbench App { get; } = new();

        public Task InitializeAsync() => App.InitializeAsync();

        public Task DisposeAsync() => App.DisposeAsync().AsTask();
    }

    private Workbench App => fixture.App;

    private static Actor ActorOf(TestUser user) => new(user.Name, user.Role, user.Force);

    [Fact]
    public async Task The_home_page_and_navigation_count_what_waits_and_my_work_lists_what_happened()
    {
        // rev2.a is nobody else's subject in this class: its counts start at nothing.
        var reviewer = await App.SignInAsync(Workbench.ReviewerA2);
        var before = await reviewer.GetStringAsync("/");
        Assert.Contains("<strong>0</strong> assigned to you", before, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"nav-work-count\"", before, StringComparison.Ordinal);

        await using (var scope = App.Services.CreateAsyncScope())
        {
            var reviews = scope.ServiceProvider.GetRequiredService<ReviewService>();
            var result = await reviews.AssignAsync(ActorOf(Workbench.SupervisorA), App.Cases["FA-0003"], Workbench.ReviewerA2.Name);
            Assert.True(result.Succeeded, result.Message);
        }

        var home = await reviewer.GetStringAsync("/");
        Assert.Contains("<strong>1</strong> assigned to you", home, StringComparison.Ordinal);
        Assert.Contains("<strong>0</strong> returned to you", home, StringComparison.Ordinal);
        Assert.Contains("<span class=\"badge\" id=\"nav-work-count\">1<span class=\"visually-hidden\"> waiting: 1 assigned to you, 0 returned to you</span></span>", home, StringComparison.Ordinal);
        // Every page carries the count in its navigation.
        Assert.Contains("id=\"nav-work-count\">1", await reviewer.GetStringAsync("/queue"), StringComparison.Ordinal);

        var work = await reviewer.GetStringAsync("/work");
        var events = work[work.IndexOf("id=\"events\"", StringComparison.Ordinal)..];
        Assert.Contains(">FA-0003</a>, by sup.a. Assigned to you.", events, StringComparison.Ordinal);

        // The supervisor's own counts: nothing submitted, so nothing awaits sign-off and no badge.
        var supervisor = await App.SignInAsync(Workbench.SupervisorA2);
        var supHome = await supervisor.GetStringAsync("/");
        Assert.Contains("<strong>0</strong> awaiting your sign-off", supHome, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"nav-signoff-count\"", supHome, StringComparison.Ordinal);
        // Roles without case work have no counts.
        Assert.DoesNotContain("Waiting for you", await (await App.SignInAsync(Workbench.Auditor)).GetStringAsync("/"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_exports_as_CSV_under_readable_headings_and_each_export_is_a_disclosure_in_the_audit_trail()
    {
        var client = await App.SignInAsync(Workbench.SupervisorA);
        var page = await client.GetStringAsync("/reports");
        Assert.Contains("href=\"/reports?report=progress&amp;handler=csv\"", page, StringComparison.Ordinal);
        Assert.Contains(">Screened (cases)</th>", page, StringComparison.Ordinal);
        Assert.DoesNotContain(">in_review</th>", page, StringComparison.Ordinal);

        var response = await client.GetAsync("/reports?report=progress&handler=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("reassess-progress-", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Force,Month,Screened (cases),Queued (cases),Assigned (cases),In review (cases),Submitted (cases),Approved (cases),Returned (cases),Recommendations,Referrals", lines[0].TrimEnd('\r'));
        Assert.True(lines.Length > 1, "The progress CSV has no rows.");
        Assert.All(lines.Skip(1), l => Assert.StartsWith("FA,", l, StringComparison.Ordinal));

        var quality = await client.GetAsync("/reports?report=data-quality&handler=csv");
        Assert.Equal(HttpStatusCode.OK, quality.StatusCode);
        Assert.StartsWith("Force,Year recorded,Role,People,Ethnicity recorded (people)", await quality.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var trail = App.Services.GetRequiredService<AuditTrail>();
        var entries = await trail.FindAsync(new AuditQuery { Actor = Workbench.SupervisorA.Name, Category = AuditCategory.Disclosure });
        var csv = Assert.Single(entries, e => e.Operation == "report.export.csv" && e.SubjectIds == "progress");
        Assert.Equal(AuditSubjects.Report, csv.SubjectType);
        Assert.StartsWith("workbench export: Re-assessment progress", csv.Justification, StringComparison.Ordinal);
        Assert.Single(entries, e => e.Operation == "report.export.csv" && e.SubjectIds == "data-quality");

        // A report the user may not see is refused, and nothing is recorded as disclosed.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/reports?report=national&handler=csv")).StatusCode);
        Assert.DoesNotContain(await trail.FindAsync(new AuditQuery { Actor = Workbench.SupervisorA.Name, Category = AuditCategory.Disclosure }), e => e.SubjectIds == "national");
    }

    [Fact]
    public async Task The_print_ready_page_holds_the_report_without_the_workbench_navigation_and_is_recorded()
    {
        var client = await App.SignInAsync(Workbench.ForceLeadA);
        var response = await client.GetAsync("/reports?report=public&handler=print");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<body class=\"print-page\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("aria-label=\"Main\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Download as CSV", html, StringComparison.Ordinal);
        Assert.Contains("Official – Sensitive. Printed from Reassess by lead.a", html, StringComparison.Ordinal);
        Assert.Contains("class=\"report\"", html, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var trail = App.Services.GetRequiredService<AuditTrail>();
        var entry = Assert.Single(await trail.FindAsync(new AuditQuery { Actor = Workbench.ForceLeadA.Name, Category = AuditCategory.Disclosure }),
            e => e.Operation == "report.export.print");
        Assert.Equal("public", entry.SubjectIds);
        Assert.Equal("workbench user lead.a", entry.Recipient);
    }

    [Fact]
    public async Task The_audit_page_names_investigations_by_crime_reference_and_summarises_queue_views()
    {
        var reviewer = await App.SignInAsync(Workbench.ReviewerA);
        await reviewer.GetStringAsync("/queue");
        await reviewer.GetStringAsync($"/cases/{App.Cases["FA-0001"]}");

        var auditor = await App.SignInAsync(Workbench.Auditor);
        var html = await auditor.GetStringAsync("/audit?user=rev.a");
        Assert.Contains("FA-0001 (FA), no. 1", html, StringComparison.Ordinal);
        Assert.Contains("id=\"queue-summary\"", html, StringComparison.Ordinal);
        Assert.Matches("<strong>\\d+</strong> (is a view|are views) of the review queue by 1 user, listing 3 different investigations", html);
        // Three investigations on a queue page: listed inline; the table scrolls inside its own focusable box.
        Assert.Contains("<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"entries-caption\" tabindex=\"0\">", html, StringComparison.Ordinal);
        var byRef = await auditor.GetStringAsync("/audit?investigation=FA-0002");
        Assert.Contains("FA-0002 (FA), no. 2", byRef, StringComparison.Ordinal);
    }
}
