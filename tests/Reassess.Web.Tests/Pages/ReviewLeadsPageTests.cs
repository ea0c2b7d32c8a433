using System.Net;
using System.Text.RegularExpressions;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Pages;

/// <summary>
/// Leads on the review page (issue 20), without a browser: each lead proposed in its part of the form, submission refused
/// while one is undecided, a dismissal refused without a reason, and another force's investigation never named. FA-0001's
/// first suspect drives a taxi and is the same person as FB-0001's (a linked suspect, offending again after FA-0001 closed).
/// </summary>
public sealed partial class ReviewLeadsPageTests
{
    private const string AccessKey = "access_to_children|FA-S1|";

    [GeneratedRegex("<input type=\"hidden\" name=\"Form.LeadDecisions\\[\\d+\\].Key\" value=\"([^\"]+)\">")]
    private static partial Regex LeadKeyField();

    [GeneratedRegex("<input type=\"hidden\" name=\"Version\" value=\"(\\d+)\">")]
    private static partial Regex VersionField();

    private static string Version(string html) => VersionField().Match(html).Groups[1].Value;

    /// <summary>ReviewerA takes FA-0001 and opens its review.</summary>
    private static async Task<(HttpClient Client, string Url, string Html)> TakenAsync(Workbench app)
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var url = $"/cases/{app.Cases["FA-0001"]}/review";
        var taken = await Workbench.PostFormAsync(reviewer, url, url + "?handler=Take", []);
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        return (reviewer, url, await reviewer.GetStringAsync(url));
    }

    /// <summary>Every part of the form filled so that only the leads stop submission.</summary>
    private static Dictionary<string, string> CompleteFields(string version) => new()
    {
        ["Version"] = version,
        ["Form.LinesOfEnquiry[0].Number"] = "0",
        ["Form.LinesOfEnquiry[0].Category"] = "Digital",
        ["Form.LinesOfEnquiry[0].Status"] = "Proposed",
        ["Form.LinesOfEnquiry[0].Description"] = "Download the suspect's phone seized at arrest.",
        ["Form.ExtantRisks.ToVictim.Level"] = "Low",
        ["Form.ExtantRisks.ToVictim.Narrative"] = "The victim now lives out of the area.",
        ["Form.ExtantRisks.ToOtherChildren.Level"] = "None",
        ["Form.ExtantRisks.FromSuspects[0].PersonId"] = "11",
        ["Form.ExtantRisks.FromSuspects[0].Level"] = "None",
        ["Form.ExtantRisks.FromSuspects[1].PersonId"] = "12",
        ["Form.ExtantRisks.FromSuspects[1].Level"] = "None",
        ["Form.Opportunities[0].PersonId"] = "11",
        ["Form.Opportunities[0].Kind"] = "NewEvidence",
        ["Form.Opportunities[0].Narrative"] = "Phone download.",
        ["Form.Opportunities[1].PersonId"] = "12",
        ["Form.Opportunities[1].Kind"] = "None",
        ["Form.Opportunities[1].Narrative"] = "Nothing links him beyond the account.",
        ["Form.VictimConsent"] = "Consents",
        ["Form.Recommendation"] = "ReinvestigateLocally",
        ["Form.Rationale"] = "A new digital line of enquiry with a supporting victim.",
    };

    [Fact]
    public async Task Each_lead_is_proposed_in_its_part_of_the_form_and_another_force_s_investigation_is_never_named()
    {
        await using var app = await Workbench.StartAsync();
        var (_, _, html) = await TakenAsync(app);
        Assert.Contains("data-leads=\"extant_risks\"", html, StringComparison.Ordinal);
        Assert.Contains("data-leads=\"lines_of_enquiry\"", html, StringComparison.Ordinal);
        Assert.Contains("data-leads=\"data_gaps\"", html, StringComparison.Ordinal);
        Assert.Contains("data-lead-kind=\"later_offending\"", html, StringComparison.Ordinal);
        Assert.Contains("data-lead-kind=\"linked_suspect\"", html, StringComparison.Ordinal);
        Assert.Contains("an investigation (FB)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("FB-0001", html, StringComparison.Ordinal);
        Assert.DoesNotContain("FB/FB-0001", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submission_is_refused_while_a_lead_is_undecided_and_says_which()
    {
        await using var app = await Workbench.StartAsync();
        var (reviewer, url, html) = await TakenAsync(app);
        var response = await Workbench.PostFormAsync(reviewer, url, url + "?handler=Submit", CompleteFields(Version(html)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("The review was not submitted", page, StringComparison.Ordinal);
        Assert.Contains("Extant risks: accept the lead \"suspect FA-S1's occupation \"taxi driver\" gives access to children (profile term \"taxi\")\" into the form, or dismiss it with a reason.", page, StringComparison.Ordinal);
        Assert.Contains("Data gaps: accept the lead \"suspect FA-T1: nationality not recorded\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("FB-0001", page, StringComparison.Ordinal);
        // Nothing was submitted: the review page still offers the form.
        var after = await reviewer.GetStringAsync(url);
        Assert.Contains("Submit for sign-off", after, StringComparison.Ordinal);
        Assert.Equal(Version(html), Version(after));
    }

    [Fact]
    public async Task A_dismissal_without_a_reason_is_refused_and_with_one_it_survives_saving()
    {
        await using var app = await Workbench.StartAsync();
        var (reviewer, url, html) = await TakenAsync(app);
        var version = Version(html);
        var fields = new Dictionary<string, string>
        {
            ["Version"] = version,
            ["Form.LeadDecisions[0].Key"] = AccessKey,
            ["Form.LeadDecisions[0].Reason"] = " ",
        };
        var refused = await Workbench.PostFormAsync(reviewer, url, url + "?handler=Lead&op=dismiss&key=" + Uri.EscapeDataString(AccessKey), fields);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("The lead was not dismissed: a reason is required.", page, StringComparison.Ordinal);
        Assert.Contains("Leads: give the reason for dismissing the lead", page, StringComparison.Ordinal);

        // A draft carrying a dismissal without a reason is refused too.
        var draft = await Workbench.PostFormAsync(reviewer, url, url + "?handler=Save", new()
        {
            ["Version"] = version,
            ["Form.LeadDecisions[0].Key"] = AccessKey,
            ["Form.LeadDecisions[0].Decision"] = "Dismissed",
        });
        Assert.Contains("The draft was not saved", WebUtility.HtmlDecode(await draft.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // With a reason it is dismissed, and saving keeps it.
        fields["Form.LeadDecisions[0].Reason"] = "Licence revoked in 2019; he no longer drives.";
        var dismissed = await Workbench.PostFormAsync(reviewer, url, url + "?handler=Lead&op=dismiss&key=" + Uri.EscapeDataString(AccessKey), fields);
        var shown = WebUtility.HtmlDecode(await dismissed.Content.ReadAsStringAsync());
        Assert.Contains("Dismissed: Licence revoked in 2019; he no longer drives.", shown, StringComparison.Ordinal);
        var saved = await Workbench.PostFormAsync(reviewer, url, url + "?handler=Save", new()
        {
            ["Version"] = version,
            ["Form.LeadDecisions[0].Key"] = AccessKey,
            ["Form.LeadDecisions[0].Decision"] = "Dismissed",
            ["Form.LeadDecisions[0].Reason"] = "Licence revoked in 2019; he no longer drives.",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var reloaded = WebUtility.HtmlDecode(await reviewer.GetStringAsync(url));
        Assert.Contains("Dismissed: Licence revoked in 2019; he no longer drives.", reloaded, StringComparison.Ordinal);
    }

    /// <summary>ReviewerA takes FA-0001, dismisses every lead and submits a complete review.</summary>
    private static async Task<(HttpClient Reviewer, string Url)> SubmittedAsync(Workbench app)
    {
        var (reviewer, url, html) = await TakenAsync(app);
        var fields = CompleteFields(Version(html));
        var keys = LeadKeyField().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();
        Assert.NotEmpty(keys);
        for (var i = 0; i < keys.Count; i++)
        {
            fields[$"Form.LeadDecisions[{i}].Key"] = keys[i];
            fields[$"Form.LeadDecisions[{i}].Decision"] = "Dismissed";
            fields[$"Form.LeadDecisions[{i}].Reason"] = "Considered at the review meeting; not pursued.";
        }
        var submitted = await Workbench.PostFormAsync(reviewer, url, url + "?handler=Submit", fields);
        Assert.True(submitted.StatusCode == HttpStatusCode.Redirect, WebUtility.HtmlDecode(await submitted.Content.ReadAsStringAsync()));
        return (reviewer, url);
    }

    [Fact]
    public async Task Approval_asks_for_confirmation_before_it_signs_the_review_off()
    {
        await using var app = await Workbench.StartAsync();
        var (_, url) = await SubmittedAsync(app);

        var supervisor = await app.SignInAsync(Workbench.SupervisorA);
        var signOff = await supervisor.GetStringAsync(url);
        var version = Version(signOff);
        var first = await Workbench.PostFormAsync(supervisor, url, url + "?handler=Approve", new() { ["Version"] = version, ["Comment"] = "Good review." });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var asked = WebUtility.HtmlDecode(await first.Content.ReadAsStringAsync());
        Assert.Contains("Approve this review?", asked, StringComparison.Ordinal);
        Assert.Contains("Confirm approval", asked, StringComparison.Ordinal);
        Assert.Contains("Good review.", asked, StringComparison.Ordinal); // the comment is kept for the confirmation
        Assert.DoesNotContain("Review approved.", WebUtility.HtmlDecode(await supervisor.GetStringAsync(url)), StringComparison.Ordinal);
        Assert.Contains(">Approve</button>", await supervisor.GetStringAsync(url), StringComparison.Ordinal); // still awaiting sign-off

        var confirmed = await Workbench.PostFormAsync(supervisor, url, url + "?handler=Approve",
            new() { ["Version"] = version, ["Comment"] = "Good review.", ["Confirmed"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var after = WebUtility.HtmlDecode(await supervisor.GetStringAsync(url));
        Assert.Contains("Review approved.", after, StringComparison.Ordinal);
        Assert.DoesNotContain(">Approve</button>", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_returned_review_shows_the_supervisor_s_comment_at_the_top()
    {
        await using var app = await Workbench.StartAsync();
        var (reviewer, url) = await SubmittedAsync(app);
        var supervisor = await app.SignInAsync(Workbench.SupervisorA);
        var returned = await Workbench.PostFormAsync(supervisor, url, url + "?handler=Return",
            new() { ["Version"] = Version(await supervisor.GetStringAsync(url)), ["Comment"] = "Add the phone download as a line of enquiry." });
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);

        var page = WebUtility.HtmlDecode(await reviewer.GetStringAsync(url));
        var comment = page.IndexOf("id=\"returned-comment\"", StringComparison.Ordinal);
        Assert.True(comment > 0, "the return comment is shown");
        Assert.Contains("Add the phone download as a line of enquiry.", page[comment..], StringComparison.Ordinal);
        Assert.Contains("Returned by sup.a", page[comment..], StringComparison.Ordinal);
        Assert.True(comment < page.IndexOf("name=\"Form.", StringComparison.Ordinal), "the return comment comes before the form's fields");
    }
}
