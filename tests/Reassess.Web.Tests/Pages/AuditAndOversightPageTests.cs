using System.Globalization;
using System.Net;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Pages;

/// <summary>The auditor's page (search, browse, chain check; no case data) and national oversight's aggregate view.</summary>
public sealed class AuditAndOversightPageTests(SharedWorkbench shared) : IClassFixture<SharedWorkbench>
{
    private readonly Workbench app = shared.App;

    private string CaseUrl(string reference) => "/cases/" + app.Cases[reference].ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_auditor_finds_who_looked_at_a_case_and_why_without_seeing_case_data()
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        await reviewer.GetStringAsync(CaseUrl("FA-0002"));
        var auditor = await app.SignInAsync(Workbench.Auditor);

        // FA-0002 is investigation 2.
        var html = await auditor.GetStringAsync("/audit?investigation=2&user=rev.a");
        Assert.Contains("case.view", html, StringComparison.Ordinal);
        Assert.Contains("case work: reviewer of FA", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Quill", html, StringComparison.Ordinal);
        // The crime reference names the investigation to the auditor (issue 21, item 8); its people and facts stay out.
        Assert.Contains("FA-0002 (FA), no. 2", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Synthetic case for tests", html, StringComparison.Ordinal);

        var byReference = await auditor.GetStringAsync("/audit?investigation=FA-0002");
        Assert.Contains("case.view", byReference, StringComparison.Ordinal);

        var tomorrow = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Contains("No entries match", await auditor.GetStringAsync($"/audit?from={tomorrow}"), StringComparison.Ordinal);
        var backwards = await auditor.GetStringAsync($"/audit?from={tomorrow}&to=2020-01-01");
        Assert.Contains("before its start", backwards, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_auditor_checks_the_chain_from_the_page()
    {
        var auditor = await app.SignInAsync(Workbench.Auditor);
        var response = await Workbench.PostFormAsync(auditor, "/audit", "/audit?handler=Verify", []);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Intact: all", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task National_oversight_sees_counts_by_force_and_status_and_cross_force_alerts()
    {
        var national = await app.SignInAsync(Workbench.National);
        var html = await national.GetStringAsync("/oversight");
        Assert.Contains("<th scope=\"row\">FA</th>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">FB</th>", html, StringComparison.Ordinal);
        Assert.Contains(CaseData.CrossForceNetwork, html, StringComparison.Ordinal);
        // Each investigation of the alert opens its case (after the justification step).
        Assert.Contains($"href=\"{CaseUrl("FA-0001")}\"", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{CaseUrl("FB-0001")}\"", html, StringComparison.Ordinal);
    }
}
