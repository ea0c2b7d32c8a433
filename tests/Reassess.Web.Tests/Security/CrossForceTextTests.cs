using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Reassess.Linkage.Networks;
using Reassess.Records;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Security;

/// <summary>
/// Issue 22 finding 4, as an invariant: a user of one force, on a database of two forces linked by linkage, reads no
/// page that names the other force's nominal ids or crime references. Each force role signs in and crawls every page it
/// can reach from the home page (links followed, the sign-out left alone); the other force's references are read from
/// the database, so a reference added to the test data is checked too.
/// </summary>
[Trait("Category", "Database")]
public sealed partial class CrossForceTextTests
{
    /// <summary>A nominal of force FB whose reference holds spaces, named in the evidence text.</summary>
    private const string SpacedRef = "FB S 99";

    /// <summary>
    /// The chain of evidence linkage stores for FA-0001 (NetworkBuilder's wording): it names force FB's nominals and
    /// crime reference, which force FA's users must read as "a person (FB)" and "an investigation (FB)".
    /// </summary>
    private const string Evidence =
        "suspect FA:FA-S1 in FA/FA-0001; FA:FA-S1 = FB:FB-S4 (PNC 05/123456K); phone +447700900123 recorded with FA:FA-S1 and seen in FB/FB-0001 (suspect FB:FB-S4); "
        + "co-suspects FB:FB-S4 and FB:FB-T4 in FB/FB-0001; FB:FB S 99 victim of suspect FB:FB-T4 in FB/FB-0001; "
        + "FB:FB-T4 suspect in FB/FB-0001 (child sexual offence); network NET-000001: 3 suspects, forces FA;FB";

    [Fact]
    public async Task A_one_force_user_reads_no_page_naming_another_forces_nominals_or_crime_references()
    {
        await using var app = await Workbench.StartAsync();
        await SeedEvidenceAsync(app);
        var foreign = await ReferencesOfAsync(app, "FB");
        Assert.Contains("FB-0001", foreign);
        Assert.Contains(SpacedRef, foreign);

        var leaks = new List<string>();
        foreach (var user in new[] { Workbench.ReviewerA, Workbench.SupervisorA, Workbench.ForceLeadA })
        {
            var client = await app.SignInAsync(user);
            var start = new List<string> { "/", "/queue", "/work", "/supervision", "/reports", "/referrals/export", "/users" };
            foreach (var (reference, id) in app.Cases.Where(c => c.Key.StartsWith("FA", StringComparison.Ordinal)))
                start.AddRange([$"/cases/{id}", $"/cases/{id}/review"]);
            var pages = await CrawlAsync(client, start);

            // The crawl reached the pages that matter: the linked case (with its evidence) and the other case of the force.
            var linked = $"/cases/{app.Cases["FA-0001"]}";
            Assert.True(pages.ContainsKey(linked), $"{user.Name} did not reach {linked}");
            Assert.Contains("Linked evidence", pages[linked], StringComparison.Ordinal);
            Assert.Contains("a person (FB)", pages[linked], StringComparison.Ordinal);
            Assert.Contains("an investigation (FB)", pages[linked], StringComparison.Ordinal);
            Assert.True(pages.Count >= 10, $"{user.Name} reached only {pages.Count} pages: {string.Join(", ", pages.Keys)}");

            foreach (var (url, html) in pages)
            {
                var text = WebUtility.HtmlDecode(html);
                foreach (var reference in foreign.Where(r => text.Contains(r, StringComparison.Ordinal)))
                    leaks.Add($"{user.Name} {url}: {reference} in …{Around(text, reference)}…");
            }
        }
        Assert.True(leaks.Count == 0, "Another force's references in pages:\n" + string.Join("\n", leaks));
    }

    /// <summary>GETs every same-site page linked from <paramref name="start"/> onwards (at most 400), keeping the HTML of those answered 200.</summary>
    private static async Task<Dictionary<string, string>> CrawlAsync(HttpClient client, IEnumerable<string> start)
    {
        var pages = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(start, StringComparer.Ordinal);
        var queue = new Queue<string>(seen);
        while (queue.Count > 0 && seen.Count < 400)
        {
            var url = queue.Dequeue();
            using var response = await client.GetAsync(url);
            if (response.StatusCode != HttpStatusCode.OK) continue;
            var body = await response.Content.ReadAsStringAsync();
            pages[url] = body;
            if (response.Content.Headers.ContentType?.MediaType != "text/html") continue;
            foreach (Match m in Href().Matches(body))
            {
                var next = WebUtility.HtmlDecode(m.Groups[1].Value);
                var path = next.Split('?')[0];
                if (path.StartsWith("/sign-out", StringComparison.Ordinal) || path.StartsWith("/lib/", StringComparison.Ordinal)
                    || path.StartsWith("/css/", StringComparison.Ordinal) || path.StartsWith("/js/", StringComparison.Ordinal)
                    || Path.HasExtension(path) && !path.EndsWith(".csv", StringComparison.Ordinal)) continue;
                if (seen.Add(next)) queue.Enqueue(next);
            }
        }
        return pages;
    }

    private static async Task SeedEvidenceAsync(Workbench app)
    {
        await using var db = ReassessDatabase.CreateContext(app.Target);
        db.People.Add(new Person { Id = 99, Force = "FB", PersonRef = SpacedRef, Surname = "Ashdown", Forenames = "Nell" });
        db.Add(new MissedGroupLink { InvestigationId = 1, NetworkId = 1, Evidence = Evidence });
        await db.SaveChangesAsync();
        var candidate = await db.Set<Candidate>().SingleAsync(c => c.InvestigationRef == "FA-0001");
        candidate.LinkedEvidence = Evidence;
        await db.SaveChangesAsync();
    }

    private static async Task<List<string>> ReferencesOfAsync(Workbench app, string force)
    {
        await using var db = ReassessDatabase.CreateContext(app.Target);
        var people = await db.People.Where(p => p.Force == force).Select(p => p.PersonRef).ToListAsync();
        var investigations = await db.Investigations.Where(i => i.Force == force).Select(i => i.InvestigationRef).ToListAsync();
        return [.. people.Concat(investigations).Distinct()];
    }

    private static string Around(string text, string reference)
    {
        var i = text.IndexOf(reference, StringComparison.Ordinal);
        return text[Math.Max(0, i - 60)..Math.Min(text.Length, i + reference.Length + 60)].ReplaceLineEndings(" ");
    }

    [GeneratedRegex("href=\"(/[^\"#]*)\"")]
    private static partial Regex Href();
}
