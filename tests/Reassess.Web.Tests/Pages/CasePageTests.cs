using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Reassess.Audit;
using Reassess.Web.Cases;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Pages;

/// <summary>The case page says why a case was screened in and shows its links from linkage, and every view is audited.</summary>
public sealed class CasePageTests(SharedWorkbench shared) : IClassFixture<SharedWorkbench>
{
    private readonly Workbench app = shared.App;

    // CaseData gives investigation n the surrogate id n: FA-0001 is 1, FB-0001 is 4.
    private const string FA0001 = "1";
    private const string FB0001 = "4";

    private string CaseUrl(string reference) => "/cases/" + app.Cases[reference].ToString(CultureInfo.InvariantCulture);

    private Task<IReadOnlyList<AuditEntry>> TrailAsync(AuditQuery query) =>
        app.Services.GetRequiredService<AuditTrail>().FindAsync(query);

    [Fact]
    public async Task The_case_page_lists_each_criterion_of_the_profile_with_its_result_and_the_facts_it_used()
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var html = await reviewer.GetStringAsync(CaseUrl("FA-0001"));
        Assert.Contains("id=\"criteria\"", html, StringComparison.Ordinal);
        foreach (var criterion in new[] { "period", "child sexual offence", "suspects", "nfa" })
            Assert.Contains($"<th scope=\"row\">{criterion}</th>", html, StringComparison.Ordinal);
        // The engine's own facts: the victims' ages at the offence and the suspects it counted.
        Assert.Contains("ages at offence", html, StringComparison.Ordinal);
        Assert.Contains("2 suspect(s)", html, StringComparison.Ordinal);
        Assert.Contains("FA-S1", html, StringComparison.Ordinal);
        Assert.DoesNotContain("is not installed", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_network_shows_another_forces_case_and_people_without_detail_or_a_link()
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var html = await reviewer.GetStringAsync(CaseUrl("FA-0001"));
        Assert.Contains("An investigation of another force (FB)", html, StringComparison.Ordinal);
        Assert.Contains("the same person, found by linkage: Dorian Quill", html, StringComparison.Ordinal);
        Assert.Contains(CaseData.CrossForceNetwork, html, StringComparison.Ordinal);
        Assert.Contains("a person (FB)", html, StringComparison.Ordinal);
        // Another force's crime reference, its people's names and a link to its case never reach the page.
        Assert.DoesNotContain("FB-0001", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Owen Marsh\",\"kind\":\"person\",\"current\":false,\"href\":null,\"other\":true", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"href=\"{CaseUrl("FB-0001")}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"href\":\"{CaseUrl("FB-0001")}\"", html, StringComparison.Ordinal);
        // The same-force link still opens.
        Assert.Contains($"\"href\":\"{CaseUrl("FA-0002")}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_kept_links_of_a_case_are_rebuilt_once_the_data_changes_even_from_another_process()
    {
        await using var fresh = await Workbench.StartAsync();
        var reviewer = await fresh.SignInAsync(Workbench.ReviewerA);
        var url = "/cases/" + fresh.Cases["FA-0001"].ToString(CultureInfo.InvariantCulture);
        static string Chart(string html)
        {
            var start = html.IndexOf("id=\"network-data\">", StringComparison.Ordinal);
            return html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)];
        }

        var first = await reviewer.GetStringAsync(url);
        Assert.Equal(Chart(first), Chart(await reviewer.GetStringAsync(url))); // the kept links
        Assert.DoesNotContain("\"label\":\"[erased]\"", Chart(first), StringComparison.Ordinal);

        // The erasure runs as `reassess erase` would: on its own context, outside the web app.
        await new Reassess.Records.PersonErasure(TimeProvider.System, fresh.Services.GetRequiredService<AuditTrail>())
            .EraseAsync(fresh.Target, "FA", "FA-S1", "test", "a test of erasure");
        var after = await reviewer.GetStringAsync(url);
        Assert.Contains("\"label\":\"[erased]\"", Chart(after), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewing_a_case_and_its_review_is_recorded_as_a_consultation_with_a_justification()
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA2);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync(CaseUrl("FA-0001"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync(CaseUrl("FA-0001") + "/review")).StatusCode);
        var entries = await TrailAsync(new AuditQuery { Case = FA0001, Actor = Workbench.ReviewerA2.Name });
        Assert.Contains(entries, e => e.Operation == CaseAccess.Operations.ViewCase);
        Assert.Contains(entries, e => e.Operation == CaseAccess.Operations.ViewReview);
        Assert.All(entries, e =>
        {
            Assert.Equal(AuditCategory.Consultation, e.Category);
            Assert.Equal(AuditOutcome.Success, e.Outcome);
            Assert.False(string.IsNullOrWhiteSpace(e.Justification));
        });
        Assert.True((await app.Services.GetRequiredService<AuditTrail>().VerifyAsync()).Intact);
    }

    [Fact]
    public async Task Asking_for_another_forces_case_is_logged_as_denied()
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerB);
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync(CaseUrl("FA-0001"))).StatusCode);
        var entries = await TrailAsync(new AuditQuery { Case = FA0001, Actor = Workbench.ReviewerB.Name });
        var denied = Assert.Single(entries);
        Assert.Equal(CaseAccess.Operations.Open, denied.Operation);
        Assert.Equal(AuditOutcome.Denied, denied.Outcome);
    }

    [Fact]
    public async Task National_oversight_justification_is_in_the_audit_trail_and_the_view_carries_it()
    {
        var national = await app.SignInAsync(Workbench.National);
        var url = CaseUrl("FB-0001");
        const string reason = "Cross-force network alert NET-000001.";
        var recorded = await Workbench.PostFormAsync(national, url + "/justify", url + "/justify", new() { ["Reason"] = reason });
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await national.GetAsync(url)).StatusCode);
        var entries = await TrailAsync(new AuditQuery { Case = FB0001, Actor = Workbench.National.Name });
        var justified = Assert.Single(entries, e => e.Operation == "case.justify");
        Assert.Equal(reason, justified.Justification);
        var view = Assert.Single(entries, e => e.Operation == CaseAccess.Operations.ViewCase);
        Assert.Contains(reason, view.Justification, StringComparison.Ordinal);
    }
}
