using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Reassess.Audit;
using Reassess.Linkage.Resolution;
using Reassess.Storage;
using Reassess.Web.Cases;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Pages;

/// <summary>
/// The case page's leads (issue 20): grouped under the four questions and the data gaps, each with its evidence, and
/// another force's investigation only as "an investigation (FORCE)". In <see cref="CaseData"/> FA-0001's first suspect
/// is, by linkage, FB-0001's (recorded after FA-0001's outcome), and FA-0001 shares a phone with FA-0002.
/// </summary>
public sealed class CaseLeadsPageTests(SharedWorkbench shared) : IClassFixture<SharedWorkbench>
{
    private readonly Workbench app = shared.App;

    private static string Url(Workbench on, string reference) => "/cases/" + on.Cases[reference].ToString(CultureInfo.InvariantCulture);

    /// <summary>The HTML of the lead group answering <paramref name="question"/> (its token, e.g. <c>extant_risks</c>).</summary>
    private static string Group(string html, string question)
    {
        var start = html.IndexOf($"data-question=\"{question}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no lead group {question}");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task The_leads_are_shown_grouped_under_the_four_questions_and_the_data_gaps_with_their_evidence()
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var html = WebUtility.HtmlDecode(await reviewer.GetStringAsync(Url(app, "FA-0001")));

        string[] order = ["lines_of_enquiry", "extant_risks", "safeguarding", "opportunities", "data_gaps"];
        var at = order.Select(q => html.IndexOf($"data-question=\"{q}\"", StringComparison.Ordinal)).ToList();
        Assert.All(at, i => Assert.True(i > 0));
        Assert.Equal(at.Order(), at);

        var enquiry = Group(html, "lines_of_enquiry");
        Assert.Contains("data-kind=\"identifier_elsewhere\"", enquiry, StringComparison.Ordinal);
        Assert.Contains("phone +447700900123 (recorded against suspect FA-S1) is recorded in 1 other investigation in 1 force: FA/FA-0002", enquiry, StringComparison.Ordinal);
        Assert.Contains("data-kind=\"linked_suspect\"", enquiry, StringComparison.Ordinal);

        var risks = Group(html, "extant_risks");
        Assert.Contains("data-kind=\"later_offending\"", risks, StringComparison.Ordinal);
        Assert.Contains("in an investigation (FB), recorded 2017-05-01, after this investigation's outcome on 2016-11-01", risks, StringComparison.Ordinal);
        Assert.Contains("data-kind=\"access_to_children\"", risks, StringComparison.Ordinal);
        Assert.Contains("occupation \"taxi driver\" gives access to children", risks, StringComparison.Ordinal);
        Assert.Contains("extant risk from the suspect", risks, StringComparison.Ordinal);

        Assert.Contains("opportunity: new_evidence", Group(html, "opportunities"), StringComparison.Ordinal);
        Assert.Contains("None.", Group(html, "safeguarding"), StringComparison.Ordinal); // the victim is an adult now
        Assert.Contains("suspect FA-T1: nationality not recorded", Group(html, "data_gaps"), StringComparison.Ordinal);
        Assert.DoesNotContain("same nominal only", html, StringComparison.Ordinal); // linkage has run
    }

    [Fact]
    public async Task No_other_forces_case_reference_or_nominal_reaches_the_page_with_its_leads()
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var raw = await reviewer.GetStringAsync(Url(app, "FA-0001"));
        var html = WebUtility.HtmlDecode(raw);
        Assert.Contains("an investigation (FB)", Group(html, "extant_risks"), StringComparison.Ordinal);
        Assert.Contains("as a person (FB)", Group(html, "extant_risks"), StringComparison.Ordinal);
        foreach (var page in new[] { raw, html })
        {
            Assert.DoesNotContain("FB-0001", page, StringComparison.Ordinal);
            Assert.DoesNotContain("FB/FB", page, StringComparison.Ordinal);
            Assert.DoesNotContain("FB-S4", page, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Viewing_the_leads_stays_one_audited_consultation_of_the_case()
    {
        var reviewer = await app.SignInAsync(Workbench.SupervisorA2);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync(Url(app, "FA-0002"))).StatusCode);
        var entries = await app.Services.GetRequiredService<AuditTrail>().FindAsync(new AuditQuery { Case = app.Cases["FA-0002"].ToString(CultureInfo.InvariantCulture), Actor = Workbench.SupervisorA2.Name });
        var view = Assert.Single(entries);
        Assert.Equal((CaseAccess.Operations.ViewCase, AuditCategory.Consultation), (view.Operation, view.Category));
    }

    [Fact]
    public async Task Before_any_link_run_the_page_says_the_leads_use_the_same_nominal_only()
    {
        await using var fresh = await Workbench.StartAsync();
        await using (var db = ReassessDatabase.CreateContext(fresh.Target))
        {
            db.RemoveRange(await db.Set<ResolvedPerson>().ToListAsync());
            await db.SaveChangesAsync();
            await db.Set<LinkageRun>().ExecuteDeleteAsync();
        }
        var reviewer = await fresh.SignInAsync(Workbench.ReviewerA);
        var html = WebUtility.HtmlDecode(await reviewer.GetStringAsync(Url(fresh, "FA-0001")));
        Assert.Contains("the leads match a suspect on the same nominal only", html, StringComparison.Ordinal);
        // FB-0001's suspect is no longer known to be FA-0001's: no later offence.
        Assert.DoesNotContain("data-kind=\"later_offending\"", Group(html, "extant_risks"), StringComparison.Ordinal);
        Assert.Contains("data-kind=\"identifier_elsewhere\"", Group(html, "lines_of_enquiry"), StringComparison.Ordinal);
    }
}
