using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Reassess.Reviews;
using Reassess.Storage;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Pages;

/// <summary>
/// Triage on the queue (issue 21): search by crime reference, name or identifier, sorting, each row's leading factors, take
/// next, bulk assignment that never moves an active review without a confirmed reassignment, and the notifications.
/// </summary>
public sealed partial class TriageQueueTests(SharedWorkbench shared) : IClassFixture<SharedWorkbench>
{
    private readonly Workbench app = shared.App;

    private static string Refs(string html) => string.Join(",", CaseLink().Matches(html).Select(m => m.Groups[1].Value));

    [GeneratedRegex("<a href=\"/cases/\\d+\">([^<]+)</a>")]
    private static partial Regex CaseLink();

    [Theory]
    [InlineData("fa-0002", "FA-0002")]
    [InlineData("FA-0003", "FA-0003")]
    [InlineData("Penrose", "FA-0001,FA-0002,FA-0003")]
    [InlineData("lily penrose", "FA-0001,FA-0002,FA-0003")]
    [InlineData("Rosa Penrose", "")]
    [InlineData("07700 900123", "FA-0001,FA-0002")]
    [InlineData("+44 7700 900123", "FA-0001,FA-0002")]
    [InlineData("FB-0001", "")]
    [InlineData("Nobody", "")]
    public async Task The_search_finds_a_crime_reference_a_nominal_of_the_force_or_a_normalised_identifier(string search, string expected)
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var html = await reviewer.GetStringAsync("/queue?q=" + Uri.EscapeDataString(search));
        Assert.Equal(expected, Refs(html));
        Assert.DoesNotContain("FB-0001</a>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "FA-0001,FA-0002,FA-0003")]
    [InlineData("?sort=priority&dir=asc", "FA-0003,FA-0002,FA-0001")]
    [InlineData("?sort=reference&dir=desc", "FA-0003,FA-0002,FA-0001")]
    [InlineData("?sort=year&dir=asc", "FA-0001,FA-0002,FA-0003")]
    [InlineData("?sort=year&dir=desc", "FA-0003,FA-0002,FA-0001")]
    public async Task Columns_sort_on_the_server_from_the_query_string(string query, string expected)
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var html = await reviewer.GetStringAsync("/queue" + query);
        Assert.Equal(expected, Refs(html));
    }

    [Fact]
    public async Task Each_row_shows_its_largest_factors_in_the_words_of_the_cli_and_its_age()
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var html = WebUtility.HtmlDecode(await reviewer.GetStringAsync("/queue?q=FA-0001"));
        // FA-0001: victim_under_18_today=10.5;contact_offence=2, largest first, as `reassess demo` lists them.
        var first = html.IndexOf("<li>victim_under_18_today +10.5</li>", StringComparison.Ordinal);
        var second = html.IndexOf("<li>contact_offence +2</li>", StringComparison.Ordinal);
        Assert.True(first > 0 && second > first, "The factors are listed largest first.");
        Assert.Contains("days in the queue", html, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"Assign to me: case FA-0001\">Assign to me</button>", html, StringComparison.Ordinal);
        Assert.Contains("Keyboard shortcuts", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Take_next_assigns_the_highest_priority_queued_case_under_the_filters()
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA2);
        var response = await Workbench.PostFormAsync(reviewer, "/queue?typology=online", "/queue?typology=online&handler=TakeNext", new());
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/cases/{app.Cases["FA-0002"]}/review", response.Headers.Location!.OriginalString);
        // Nothing queued is left under that filter.
        var again = await Workbench.PostFormAsync(reviewer, "/queue?typology=online", "/queue?typology=online&handler=TakeNext", new());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("No queued case matches the filters.", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var home = await reviewer.GetStringAsync("/");
        Assert.Contains("<strong>1</strong> assigned to you", home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bulk_assignment_refuses_an_active_review_and_reassigns_it_only_when_confirmed_telling_the_previous_reviewer()
    {
        var supervisor = await app.SignInAsync(Workbench.SupervisorA);
        var id = app.Cases["FA-0001"].ToString(System.Globalization.CultureInfo.InvariantCulture);
        var assigned = await Workbench.PostFormAsync(supervisor, "/queue", "/queue?handler=Assign", new() { ["Selected"] = id, ["AssignTo"] = Workbench.ReviewerA.Name });
        Assert.Contains($"Assigned 1 case to {Workbench.ReviewerA.Name}.", await assigned.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The assigned review is not selectable for assignment, and a forged post is refused.
        var queue = await supervisor.GetStringAsync("/queue");
        Assert.DoesNotContain($"name=\"Selected\" value=\"{id}\"", queue, StringComparison.Ordinal);
        var refused = await Workbench.PostFormAsync(supervisor, "/queue", "/queue?handler=Assign", new() { ["Selected"] = id, ["AssignTo"] = Workbench.SupervisorA2.Name });
        Assert.Contains("Reassigning active or returned reviews is a separate action", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Workbench.ReviewerA.Name, await ReviewerOfAsync(app.Cases["FA-0001"]));

        // The explicit reassignment first asks, naming the counts and the current reviewer.
        var reassignQueue = await supervisor.GetStringAsync("/queue?reassign=true");
        Assert.Contains($"name=\"Reassign\" value=\"{id}\"", reassignQueue, StringComparison.Ordinal);
        var asked = await Workbench.PostFormAsync(supervisor, "/queue?reassign=true", "/queue?reassign=true&handler=Reassign", new() { ["Reassign"] = id, ["AssignTo"] = Workbench.SupervisorA2.Name });
        var question = await asked.Content.ReadAsStringAsync();
        Assert.Contains("1 assigned", question, StringComparison.Ordinal);
        Assert.Contains($"{Workbench.ReviewerA.Name} (1)", question, StringComparison.Ordinal);
        Assert.Equal(Workbench.ReviewerA.Name, await ReviewerOfAsync(app.Cases["FA-0001"]));

        var confirmed = await Workbench.PostFormAsync(supervisor, "/queue?reassign=true", "/queue?reassign=true&handler=Reassign",
            new() { ["Reassign"] = id, ["AssignTo"] = Workbench.SupervisorA2.Name, ["Confirmed"] = "true" });
        Assert.Contains($"Reassigned 1 review to {Workbench.SupervisorA2.Name}", await confirmed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(Workbench.SupervisorA2.Name, await ReviewerOfAsync(app.Cases["FA-0001"]));

        var previous = await app.SignInAsync(Workbench.ReviewerA);
        var work = await previous.GetStringAsync("/work");
        Assert.Contains($"Reassigned to {Workbench.SupervisorA2.Name}; it was assigned with you.", work, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_saved_view_is_listed_for_its_owner_only()
    {
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var saved = await Workbench.PostFormAsync(reviewer, "/queue?typology=peer&sort=year", "/queue?typology=peer&sort=year&handler=SaveView", new() { ["ViewName"] = "Peer cases by year" });
        var html = await saved.Content.ReadAsStringAsync();
        Assert.Contains("Saved the view", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/queue?typology=peer&amp;sort=year&amp;dir=asc\">Peer cases by year</a>", html, StringComparison.Ordinal);
        var other = await app.SignInAsync(Workbench.ReviewerA2);
        Assert.DoesNotContain("Peer cases by year", await other.GetStringAsync("/queue"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_form_that_posts_from_the_queue_carries_its_own_antiforgery_token()
    {
        // A browser posts only the fields of the form it submits: a token in another form (the sign-out button's) does not help.
        var supervisor = await app.SignInAsync(Workbench.SupervisorA);
        var html = await supervisor.GetStringAsync("/queue");
        var forms = PostForm().Matches(html).Select(m => m.Value).ToList();
        Assert.True(forms.Count >= 4, $"Expected the take-next, saved-view, assignment and sign-out forms; found {forms.Count}.");
        Assert.All(forms, f => Assert.Contains("name=\"__RequestVerificationToken\"", f, StringComparison.Ordinal));
    }

    [GeneratedRegex("<form[^>]*method=\"post\".*?</form>", RegexOptions.Singleline)]
    private static partial Regex PostForm();

    private async Task<string?> ReviewerOfAsync(long candidateId)
    {
        await using var db = ReassessDatabase.CreateContext(app.Target);
        return await db.Set<Review>().Where(r => r.CandidateId == candidateId).Select(r => r.ReviewerUserName).SingleOrDefaultAsync();
    }
}
