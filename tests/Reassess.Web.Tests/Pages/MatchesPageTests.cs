using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Reassess.Audit;
using Reassess.Linkage.Resolution;
using Reassess.Records;
using Reassess.Storage;
using Reassess.Web.Tests.Support;

namespace Reassess.Web.Tests.Pages;

/// <summary>The workbench's match review (issue 23 item 3): who sees it, force scoping, decisions audited and used by the next link, bulk.</summary>
[Trait("Category", "Database")]
public sealed class MatchesPageTests
{
    /// <summary>
    /// Three pairs the model proposed: two within force FA (Harrow, strongest first) and one joining an FA record to an
    /// FB one. Ids far above <see cref="CaseData"/>'s.
    /// </summary>
    internal static async Task<Dictionary<string, long>> SeedAsync(DatabaseTarget target)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        Person P(long id, string force, string personRef, string forenames, string surname, string dob) => new()
        {
            Id = id,
            Force = force,
            PersonRef = personRef,
            Forenames = forenames,
            Surname = surname,
            Sex = Sex.M,
            DateOfBirth = DateOnly.Parse(dob, System.Globalization.CultureInfo.InvariantCulture),
        };
        var people = new[]
        {
            P(9001, "FA", "M1", "Jonah", "Harrow", "1981-04-12"), P(9002, "FA", "M2", "Jonny", "Harrow", "1981-04-12"),
            P(9003, "FA", "M3", "Jonah", "Harrow", "1981-12-04"), P(9004, "FB", "M9", "Jonah", "Harrowe", "1981-04-12"),
        };
        db.People.AddRange(people);
        var ids = new Dictionary<string, long>();
        long next = 5001;
        void Match(Person a, Person b, double probability, string contributions)
        {
            ids[$"{a.PersonRef}-{b.PersonRef}"] = next;
            db.Add(new PersonMatch
            {
                Id = next++,
                LinkageRunId = 1,
                LeftPersonId = a.Id,
                LeftForce = a.Force,
                LeftPersonRef = a.PersonRef,
                RightPersonId = b.Id,
                RightForce = b.Force,
                RightPersonRef = b.PersonRef,
                Weight = Math.Log2(probability / (1 - probability)),
                Probability = probability,
                Contributions = contributions,
                Method = MatchMethod.Probabilistic,
                Status = MatchStatus.Pending,
                Evidence = "probability",
            });
        }
        Match(people[0], people[1], 0.8, "[{\"field\":\"surname\",\"level\":\"exact\",\"weight\":6.2},{\"field\":\"forenames\",\"level\":\"nickname\",\"weight\":3.1},{\"field\":\"dob\",\"level\":\"exact\",\"weight\":7.5}]");
        Match(people[0], people[2], 0.6, "[{\"field\":\"surname\",\"level\":\"exact\",\"weight\":6.2},{\"field\":\"dob\",\"level\":\"day and month swapped\",\"weight\":-1.4}]");
        Match(people[0], people[3], 0.7, "[{\"field\":\"surname\",\"level\":\"similar\",\"weight\":2.2},{\"field\":\"dob\",\"level\":\"exact\",\"weight\":7.5}]");
        await db.SaveChangesAsync();
        return ids;
    }

    private static async Task<List<AuditEntry>> AuditAsync(Workbench app)
    {
        await using var db = ReassessDatabase.CreateContext(app.Target);
        return await db.Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, Dictionary<string, string> fields, string query = "") =>
        Workbench.PostFormAsync(client, "/matches", "/matches?from=0" + query, fields);

    [Fact]
    public async Task Force_roles_see_their_forces_pairs_and_the_other_side_of_a_cross_force_pair_only_as_a_person_of_that_force()
    {
        await using var app = await Workbench.StartAsync();
        var ids = await SeedAsync(app.Target);

        foreach (var user in new[] { Workbench.ReviewerA, Workbench.SupervisorA, Workbench.ForceLeadA })
        {
            var client = await app.SignInAsync(user);
            var page = await client.GetStringAsync("/matches");
            Assert.Contains("<h1>Person matches</h1>", page, StringComparison.Ordinal);
            Assert.Contains("href=\"/matches\">Matches</a>", page, StringComparison.Ordinal);
            // Own pairs: both records, undecided first and strongest first, with each field's weight.
            var first = page.IndexOf("1. FA:M1 and FA:M2", StringComparison.Ordinal);
            var second = page.IndexOf("2. FA:M1 and FA:M3", StringComparison.Ordinal);
            Assert.True(first > 0 && second > first, "the two undecided FA pairs come first, strongest first");
            Assert.Contains("Harrow, Jonny", page, StringComparison.Ordinal);
            Assert.Contains("day and month swapped", page, StringComparison.Ordinal);
            Assert.Contains("<caption>How each field moves the weight of pair 1", page, StringComparison.Ordinal);
            // The cross-force pair: listed after them, FB's record hidden, nothing to decide.
            Assert.Contains("3. FA:M1 and a person (FB)", page, StringComparison.Ordinal);
            Assert.DoesNotContain("Harrowe", page, StringComparison.Ordinal);
            Assert.DoesNotContain("FB:M9", page, StringComparison.Ordinal);
            Assert.DoesNotContain($"value=\"{ids["M1-M9"]}\"", page, StringComparison.Ordinal);
        }

        // Force B sees only the cross-force pair, FA's side hidden.
        var b = await (await app.SignInAsync(Workbench.ReviewerB)).GetStringAsync("/matches");
        Assert.Contains("1. a person (FA) and FB:M9", b, StringComparison.Ordinal);
        Assert.Contains("Harrowe, Jonah", b, StringComparison.Ordinal);
        Assert.DoesNotContain("FA:M1", b, StringComparison.Ordinal);
        Assert.DoesNotContain("Harrow, J", b, StringComparison.Ordinal);

        // Roles without a force's case work get no page and no link to it.
        foreach (var user in new[] { Workbench.National, Workbench.Auditor, Workbench.Admin })
        {
            var client = await app.SignInAsync(user);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/matches")).StatusCode);
            Assert.DoesNotContain("href=\"/matches\"", await client.GetStringAsync("/"), StringComparison.Ordinal);
        }

        // Listing names people: each list shown is a consultation in the audit trail.
        Assert.Contains(await AuditAsync(app), e => e.Actor == Workbench.ReviewerB.Name && e.Operation == "matches list" && e.SubjectIds == ids["M1-M9"].ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_cross_force_pair_cannot_be_decided_from_the_workbench()
    {
        await using var app = await Workbench.StartAsync();
        var ids = await SeedAsync(app.Target);
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var response = await PostAsync(reviewer, new() { ["pair"] = ids["M1-M9"].ToString(System.Globalization.CultureInfo.InvariantCulture) }, "&decision=confirm");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("joins a record of another force", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = ReassessDatabase.CreateContext(app.Target);
        Assert.Empty(await db.Set<MatchDecision>().ToListAsync());
        Assert.DoesNotContain(await AuditAsync(app), e => e.Operation.StartsWith("match confirm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_confirmation_is_audited_and_the_next_link_joins_the_two_records()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 6, 30, 0, TimeSpan.Zero));
        await using var app = await Workbench.StartAsync(clock: clock);
        var ids = await SeedAsync(app.Target);
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var response = await PostAsync(reviewer, new() { ["pair"] = ids["M1-M2"].ToString(System.Globalization.CultureInfo.InvariantCulture), ["reason"] = "same PNC photo" },
            "&decision=confirm");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await reviewer.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Confirmed 1 pair.", after, StringComparison.Ordinal);
        Assert.Contains("confirmed: the same person", after, StringComparison.Ordinal);
        // Resuming: the first undecided pair is now FA:M1 and FA:M3, the confirmed one further down.
        Assert.Contains("1. FA:M1 and FA:M3", after, StringComparison.Ordinal);

        var audited = Assert.Single(await AuditAsync(app), e => e.Operation == "match confirm");
        Assert.Equal((Workbench.ReviewerA.Name, AuditCategory.Alteration, "FA:M1;FA:M2", "same PNC photo"), (audited.Actor, audited.Category, audited.SubjectIds, audited.Justification));

        // The model alone would hold the pair for review (0.7, below its cut); the confirmation joins them.
        await new LinkageService(new OnePairMatcher("FA:M1", "FA:M2", 0.7), _ => _ => false, clock).RunAsync(app.Target, new LinkOptions(), null, default);
        await using var db = ReassessDatabase.CreateContext(app.Target);
        var resolved = await db.Set<ResolvedPerson>().Where(r => r.PersonId == 9001 || r.PersonId == 9002).ToListAsync();
        Assert.Equal(2, resolved.Count);
        Assert.Single(resolved.Select(r => r.ResolvedId).Distinct());
        Assert.Equal(MatchStatus.Confirmed, (await db.Set<PersonMatch>().SingleAsync(m => m.LeftPersonId == 9001 && m.RightPersonId == 9002)).Status);
    }

    [Fact]
    public async Task Ticked_pairs_are_decided_together_each_audited_and_unsure_keeps_them_pending()
    {
        await using var app = await Workbench.StartAsync();
        var ids = await SeedAsync(app.Target);
        var reviewer = await app.SignInAsync(Workbench.ReviewerA);
        var page = await reviewer.GetStringAsync("/matches");
        Assert.Contains("id=\"next-undecided\"", page, StringComparison.Ordinal);

        var form = new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", Workbench.AntiforgeryToken(page)), new("bulk", "unsure"),
            new("selected", ids["M1-M2"].ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("selected", ids["M1-M3"].ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ]);
        var response = await reviewer.PostAsync("/matches?from=0", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var after = await reviewer.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Marked unsure 2 pairs.", after, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"next-undecided\"", after, StringComparison.Ordinal);
        Assert.Contains("Every pair you may decide has a decision.", after, StringComparison.Ordinal);

        var audited = (await AuditAsync(app)).Where(e => e.Operation == "match unsure").ToList();
        Assert.Equal(["FA:M1;FA:M2", "FA:M1;FA:M3"], audited.Select(e => e.SubjectIds).Order(StringComparer.Ordinal));
        await using var db = ReassessDatabase.CreateContext(app.Target);
        Assert.All(await db.Set<MatchDecision>().ToListAsync(), d => Assert.True(d.Unsure));
        Assert.All(await db.Set<PersonMatch>().ToListAsync(), m => Assert.Equal(MatchStatus.Pending, m.Status));

        // Nothing chosen: a clear problem, nothing recorded.
        var none = await PostAsync(reviewer, new() { ["bulk"] = "reject" });
        Assert.Contains("Tick at least one pair to decide.", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await AuditAsync(app), e => e.Operation == "match reject");
    }

    /// <summary>A matcher that scores one pair of natural keys, so the test links the workbench's database apart from the model.</summary>
    private sealed class OnePairMatcher(string a, string b, double probability) : IPersonMatcher
    {
        public double AutoThreshold => 0.9;

        public MatcherResult Match(LinkageInput input, IReadOnlyCollection<DecidedPair> decisions, IProgress<string>? progress, CancellationToken cancellationToken)
        {
            var index = Enumerable.Range(0, input.People.Count).ToDictionary(i => input.People[i].Key);
            var match = new ScoredMatch(index[a], index[b], Math.Log2(probability / (1 - probability)), probability, "[{\"field\":\"surname\",\"level\":\"exact\",\"weight\":5.1}]");
            return new MatcherResult([match], input.People.Count * (input.People.Count - 1L) / 2, null, null);
        }
    }
}
