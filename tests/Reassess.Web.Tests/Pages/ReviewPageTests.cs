using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Pages;

/// <summary>
/// The review page for a team that must never lose work (issue 21, items 2 and 3), without a browser: the autosave handler
/// and its version token, input posted after the session ended coming back after signing in again, required markers and
/// errors linked to their fields, the case's facts beside the form, the read-only review as text, and what changed between
/// submitted versions. FA-0001 is ReviewerA's case; its three leads are dismissed before any submission.
/// </summary>
public sealed partial class ReviewPageTests
{
    [GeneratedRegex("<input type=\"hidden\" name=\"Version\" value=\"(\\d+)\">")]
    private static partial Regex VersionField();

    [GeneratedRegex("<input type=\"hidden\" name=\"Form.LeadDecisions\\[\\d+\\].Key\" value=\"([^\"]+)\">")]
    private static partial Regex LeadKeyField();

    private static string Version(string html) => VersionField().Match(html).Groups[1].Value;

    private static async Task<(HttpClient Client, string Url, string Html)> TakenAsync(Workbench app)
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var url = $"/cases/{app.Cases["FA-0001"]}/review";
        var taken = await Workbench.PostFormAsync(reviewer, url, url + "?handler=Take", []);
        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        return (reviewer, url, await reviewer.GetStringAsync(url));
    }

    private static Dictionary<string, string> CompleteFields(string version, string html, string rationale)
    {
        var fields = new Dictionary<string, string>
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
            ["Form.Rationale"] = rationale,
        };
        var keys = LeadKeyField().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct().ToList();
        for (var i = 0; i < keys.Count; i++)
        {
            fields[$"Form.LeadDecisions[{i}].Key"] = keys[i];
            fields[$"Form.LeadDecisions[{i}].Decision"] = "Dismissed";
            fields[$"Form.LeadDecisions[{i}].Reason"] = "Considered at the review meeting; not pursued.";
        }
        return fields;
    }

    private static async Task<JsonElement> AutosaveAsync(HttpClient client, string url, Dictionary<string, string> fields, HttpStatusCode expected)
    {
        var response = await Workbench.PostFormAsync(client, url, url + "?handler=Autosave", fields);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Autosaves_move_the_version_on_so_a_later_save_is_no_conflict_and_a_stale_one_is_refused()
    {
        await using var app = await Workbench.StartAsync();
        var (reviewer, url, html) = await TakenAsync(app);
        var first = Version(html);
        var saved = await AutosaveAsync(reviewer, url, new() { ["Version"] = first, ["Form.Rationale"] = "The victim now lives out" }, HttpStatusCode.OK);
        Assert.Equal("saved", saved.GetProperty("status").GetString());
        var second = saved.GetProperty("version").GetInt32();
        Assert.Equal(int.Parse(first, System.Globalization.CultureInfo.InvariantCulture) + 1, second);
        Assert.Matches("^\\d\\d:\\d\\d$", saved.GetProperty("at").GetString()!);

        // A new line of enquiry is numbered by the save; the page is told so that the next save keeps the same line.
        var withLine = await AutosaveAsync(reviewer, url, new()
        {
            ["Version"] = second.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Form.Rationale"] = "The victim now lives out of the area.",
            ["Form.LinesOfEnquiry[0].Number"] = "0",
            ["Form.LinesOfEnquiry[0].Description"] = "ANPR",
        }, HttpStatusCode.OK);
        Assert.Equal([1], withLine.GetProperty("lines").EnumerateArray().Select(e => e.GetInt32()).ToArray());
        var third = withLine.GetProperty("version").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);

        // The reviewer's own "Save draft" after the autosaves is based on the autosaved version: no false conflict.
        var manual = await Workbench.PostFormAsync(reviewer, url, url + "?handler=Save", new()
        {
            ["Version"] = third,
            ["Form.Rationale"] = "The victim now lives out of the area; saved by hand.",
            ["Form.LinesOfEnquiry[0].Number"] = "1",
            ["Form.LinesOfEnquiry[0].Description"] = "ANPR hits for the taxi.",
        });
        Assert.Equal(HttpStatusCode.Redirect, manual.StatusCode);

        // An autosave from a tab still on an older version is a conflict, and overwrites nothing.
        var stale = await AutosaveAsync(reviewer, url, new() { ["Version"] = third, ["Form.Rationale"] = "From the old tab." }, HttpStatusCode.Conflict);
        Assert.Equal("conflict", stale.GetProperty("status").GetString());
        var page = WebUtility.HtmlDecode(await reviewer.GetStringAsync(url));
        Assert.Contains("saved by hand.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("From the old tab.", page, StringComparison.Ordinal);
        Assert.Contains("ANPR hits for the taxi.", page, StringComparison.Ordinal);
        // Drafts are not versions: nothing was submitted.
        Assert.DoesNotContain("Submitted versions", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_autosave_the_rules_refuse_says_why_and_saves_nothing()
    {
        await using var app = await Workbench.StartAsync();
        var (reviewer, url, html) = await TakenAsync(app);
        var refused = await AutosaveAsync(reviewer, url, new()
        {
            ["Version"] = Version(html),
            ["Form.Rationale"] = "Half typed",
            ["Form.LeadDecisions[0].Key"] = "access_to_children|FA-S1|",
            ["Form.LeadDecisions[0].Decision"] = "Dismissed",
        }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("not_saved", refused.GetProperty("status").GetString());
        Assert.Contains("give the reason for dismissing the lead", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Half typed", await reviewer.GetStringAsync(url), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_save_posted_after_the_idle_timeout_keeps_the_typed_input_through_signing_in_again()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await Workbench.StartAsync(clock: clock);
        var (reviewer, url, html) = await TakenAsync(app);
        var token = Workbench.AntiforgeryToken(html);
        clock.Advance(TimeSpan.FromMinutes(16));

        // The reviewer presses "Save draft" on the page they had open: the session has lapsed.
        var typed = "Typed for twenty minutes: the victim's mother called the OIC in 2019.";
        var posted = await reviewer.PostAsync(url + "?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Version"] = Version(html),
            ["Form.Rationale"] = typed,
            ["Form.NoLinesOfEnquiryReason"] = "None found yet.",
        }));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal("/sign-in?returnUrl=" + Uri.EscapeDataString(url), posted.Headers.Location!.OriginalString);

        // Someone else signing in does not get it.
        var supervisor = await app.SignInAsync(Workbench.SupervisorA);
        Assert.DoesNotContain("victim's mother", WebUtility.HtmlDecode(await supervisor.GetStringAsync(url)), StringComparison.Ordinal);

        // The reviewer signs in again and finds the text in the form, not yet saved.
        var again = await app.SignInAsync(Workbench.ReviewerA);
        var page = WebUtility.HtmlDecode(await again.GetStringAsync(url));
        Assert.Contains($">{typed}</textarea>", page, StringComparison.Ordinal);
        Assert.Contains(">None found yet.</textarea>", page, StringComparison.Ordinal);
        Assert.Contains("You were signed out before your last change was saved", page, StringComparison.Ordinal);
        Assert.Contains("data-restored=\"true\"", page, StringComparison.Ordinal);
        Assert.Equal(Version(html), Version(page));
        // Given back once: it is in the form, which the reviewer now saves.
        Assert.DoesNotContain("victim's mother", WebUtility.HtmlDecode(await again.GetStringAsync(url)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_autosave_after_the_idle_timeout_is_told_so_in_json_and_its_input_is_kept()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await Workbench.StartAsync(clock: clock);
        var (reviewer, url, html) = await TakenAsync(app);
        var token = Workbench.AntiforgeryToken(html);
        clock.Advance(TimeSpan.FromMinutes(16));
        var request = new HttpRequestMessage(HttpMethod.Post, url + "?handler=Autosave")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["Version"] = Version(html),
                ["Form.Rationale"] = "Typed as the session lapsed.",
            }),
        };
        request.Headers.Add("X-Reassess-Autosave", "1");
        var response = await reviewer.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("signed_out", answer.GetProperty("status").GetString());
        Assert.Equal("/sign-in?returnUrl=" + Uri.EscapeDataString(url), answer.GetProperty("signIn").GetString());

        var again = await app.SignInAsync(Workbench.ReviewerA);
        Assert.Contains(">Typed as the session lapsed.</textarea>", WebUtility.HtmlDecode(await again.GetStringAsync(url)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_its_antiforgery_token_after_the_timeout_is_not_kept()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await Workbench.StartAsync(clock: clock);
        var (reviewer, url, html) = await TakenAsync(app);
        clock.Advance(TimeSpan.FromMinutes(16));
        var posted = await reviewer.PostAsync(url + "?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Version"] = Version(html),
            ["Form.Rationale"] = "Planted by another page.",
        }));
        Assert.NotEqual(HttpStatusCode.OK, posted.StatusCode);
        var again = await app.SignInAsync(Workbench.ReviewerA);
        Assert.DoesNotContain("Planted by another page.", WebUtility.HtmlDecode(await again.GetStringAsync(url)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Required_answers_are_marked_and_each_error_is_inline_and_linked_from_the_summary()
    {
        await using var app = await Workbench.StartAsync();
        var (reviewer, url, html) = await TakenAsync(app);
        Assert.Contains("id=\"rationale\" name=\"Form.Rationale\" aria-required=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"recommendation\" name=\"Form.Recommendation\" aria-required=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"required-marker\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("aria-invalid", html, StringComparison.Ordinal);

        var response = await Workbench.PostFormAsync(reviewer, url, url + "?handler=Submit", new() { ["Version"] = Version(html) });
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("The review was not submitted", page, StringComparison.Ordinal);
        foreach (var field in new[] { "rationale", "recommendation", "consent", "no-loe-reason", "risk-0-level", "risk-1-level", "risk-2-level", "opp-0-kind", "opp-1-narrative" })
        {
            Assert.Contains($"<a href=\"#{field}\">", page, StringComparison.Ordinal);
            Assert.Contains($"id=\"{field}-error\"", page, StringComparison.Ordinal);
            Assert.Matches($"id=\"{field}\"[^>]*aria-invalid=\"true\" aria-describedby=\"{field}-error\"", page);
        }
        Assert.Contains("<a href=\"#rationale\">Recommendation: give the rationale for the recommendation.</a>", page, StringComparison.Ordinal);
        Assert.Contains("<p class=\"field-error\" id=\"rationale-error\">Recommendation: give the rationale for the recommendation.</p>", page, StringComparison.Ordinal);
        // An undecided lead's error goes to the reason for dismissing it.
        Assert.Matches("<a href=\"#lead-\\d+-reason\">Extant risks: accept the lead", page);
    }

    [Fact]
    public async Task The_case_s_facts_and_why_it_was_screened_in_are_beside_the_form()
    {
        await using var app = await Workbench.StartAsync();
        var (_, _, html) = await TakenAsync(app);
        var page = WebUtility.HtmlDecode(html);
        var aside = page.IndexOf("<aside class=\"review-aside\"", StringComparison.Ordinal);
        Assert.True(aside > 0, "the page has the case aside");
        var facts = page[aside..];
        Assert.Contains("About the case", facts, StringComparison.Ordinal);
        Assert.Contains("Why it was screened in", facts, StringComparison.Ordinal);
        Assert.Contains("Dorian Quill", facts, StringComparison.Ordinal);
        Assert.Contains("Synthetic case for tests.", facts, StringComparison.Ordinal);
        Assert.Contains("href=\"#lead-0\"", facts, StringComparison.Ordinal);
        Assert.Contains("/css/review.css?v=", page, StringComparison.Ordinal);
        Assert.Contains("/js/review.js?v=", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resubmitted_review_is_read_as_text_and_the_supervisor_sees_what_changed()
    {
        await using var app = await Workbench.StartAsync();
        var (reviewer, url, html) = await TakenAsync(app);
        var submitted = await Workbench.PostFormAsync(reviewer, url, url + "?handler=Submit", CompleteFields(Version(html), html, "A new digital line of enquiry."));
        Assert.True(submitted.StatusCode == HttpStatusCode.Redirect, WebUtility.HtmlDecode(await submitted.Content.ReadAsStringAsync()));

        var supervisor = await app.SignInAsync(Workbench.SupervisorA);
        var first = WebUtility.HtmlDecode(await supervisor.GetStringAsync(url));
        // The submitted review is text, not disabled controls; only the sign-off form has controls.
        Assert.DoesNotContain("disabled", first, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"Form.", first, StringComparison.Ordinal);
        Assert.Contains("<dt>Rationale</dt><dd>A new digital line of enquiry.</dd>", first, StringComparison.Ordinal);
        Assert.Contains("<dt>Line 1</dt>", first, StringComparison.Ordinal);
        Assert.DoesNotContain("What changed", first, StringComparison.Ordinal); // one version: nothing to compare

        var returned = await Workbench.PostFormAsync(supervisor, url, url + "?handler=Return",
            new() { ["Version"] = Version(first), ["Comment"] = "Say why the phone matters." });
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        var again = await reviewer.GetStringAsync(url);
        var fields = CompleteFields(Version(again), again, "A new digital line of enquiry: the phone holds the 2016 messages.");
        fields["Form.LinesOfEnquiry[0].Number"] = "1";
        fields["Form.LinesOfEnquiry[0].Status"] = "Allocated";
        fields["Form.ExtantRisks.ToVictim.Level"] = "Medium";
        fields["Form.NoSafeguardingReferralReason"] = "The victim's local authority already holds a plan.";
        var resubmitted = await Workbench.PostFormAsync(reviewer, url, url + "?handler=Submit", fields);
        Assert.True(resubmitted.StatusCode == HttpStatusCode.Redirect, WebUtility.HtmlDecode(await resubmitted.Content.ReadAsStringAsync()));

        var page = WebUtility.HtmlDecode(await supervisor.GetStringAsync(url));
        Assert.Contains("What changed from version 1 to version 2", page, StringComparison.Ordinal);
        Assert.Contains("4 answers changed", page, StringComparison.Ordinal);
        Assert.Matches("<dt>Line of enquiry 1: status <span[^>]*>changed</span></dt>\\s*<dd>\\s*<p class=\"was\"><span class=\"change-word\">Was:</span> proposed</p>\\s*<p class=\"now\"><span class=\"change-word\">Now:</span> allocated</p>", page);
        Assert.Contains("Risk to the victim: level", page, StringComparison.Ordinal);
        Assert.Contains("Why no referral was made", page, StringComparison.Ordinal);
        Assert.Contains("Now:</span> A new digital line of enquiry: the phone holds the 2016 messages.", page, StringComparison.Ordinal);
        // An earlier version is read with what changed since the one before it; the first has nothing before it.
        Assert.Contains("What changed from version 1 to version 2", WebUtility.HtmlDecode(await reviewer.GetStringAsync(url + "?v=2")), StringComparison.Ordinal);
        Assert.DoesNotContain("What changed", WebUtility.HtmlDecode(await reviewer.GetStringAsync(url + "?v=1")), StringComparison.Ordinal);
    }
}
