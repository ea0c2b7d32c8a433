using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Prioritisation;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Prioritisation;

/// <summary>
/// The triage queue held in memory (<see cref="QueueSnapshots"/>) against the SQL that computed it on every request before
/// (<see cref="SqlQueueReference"/>): on random queues with ties, several runs, every review status and filters in every
/// combination, both list the same rows in the same order with the same totals and counts; and a change written by
/// another context (another process) is seen at the next request.
/// </summary>
[Trait("Category", "Database")]
public class QueueSnapshotTests
{
    private static readonly Actor Reviewer = new("alpha.one", Roles.Reviewer, "MPS");
    private static readonly Actor KentReviewer = new("kilo.one", Roles.Reviewer, "KNT");
    private static readonly string[] Labels = ["intrafamilial", "network", "online", "peer", "institutional"];
    private static readonly string[] Names = ["alpha.one", "bravo.two", "charlie.three", "delta.four"];
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task The_queue_held_in_memory_lists_what_the_SQL_query_listed(int seed)
    {
        await using var database = await TestDatabase.CreateAsync();
        var refs = await SeedAsync(database.Target, new Random(seed));
        var random = new Random(seed * 7919);
        var snapshots = new QueueSnapshots();
        var checkedQueries = 0;
        for (var n = 0; n < 120; n++)
        {
            var query = RandomQuery(random, refs);
            await using var db = ReassessDatabase.CreateContext(database.Target);
            var actor = random.Next(5) == 0 ? KentReviewer : Reviewer;
            var expected = await new SqlQueueReference(db).QueryAsync(actor, query);
            var actual = await new QueueSearch(db, snapshots).QueryAsync(actor, query);
            Same(expected, actual, query);
            checkedQueries++;
        }
        Assert.Equal(120, checkedQueries);
    }

    [Fact]
    public async Task A_review_taken_or_a_new_screening_run_written_elsewhere_is_seen_at_the_next_request()
    {
        await using var database = await TestDatabase.CreateAsync();
        await SeedAsync(database.Target, new Random(5));
        var snapshots = new QueueSnapshots();
        async Task<TriagePage> Page(QueueQuery query)
        {
            await using var db = ReassessDatabase.CreateContext(database.Target);
            return await new QueueSearch(db, snapshots).QueryAsync(Reviewer, query);
        }

        var before = await Page(new QueueQuery { Filter = new() { Status = ReviewStatus.Queued } });
        var top = before.Rows[0];
        Assert.Equal(ReviewStatus.Queued, top.Status);
        Assert.Null(top.ReviewerUserName);
        // Nothing changed: the same view is used again.
        await using (var db = ReassessDatabase.CreateContext(database.Target))
            Assert.Same(await snapshots.ReadAsync(db, "MPS"), await snapshots.ReadAsync(db, "MPS"));

        // Another process takes the top case: a review and its transition.
        await using (var db = ReassessDatabase.CreateContext(database.Target))
        {
            var candidate = await db.Set<Candidate>().SingleAsync(c => c.Id == top.CandidateId);
            var review = new Review
            {
                CandidateId = candidate.Id,
                Force = "MPS",
                InvestigationId = candidate.InvestigationId,
                Status = ReviewStatus.Assigned,
                ReviewerUserName = "bravo.two",
                AssignedAt = Now,
                CreatedAt = Now,
                UpdatedAt = Now,
            };
            db.Add(review);
            await db.SaveChangesAsync();
            db.Add(new ReviewTransition { CandidateId = candidate.Id, ReviewId = review.Id, From = ReviewStatus.Queued, To = ReviewStatus.Assigned, Actor = "bravo.two", ActorRole = Roles.Reviewer, At = Now });
            await db.SaveChangesAsync();
        }
        var taken = await Page(new QueueQuery { Filter = new() { Status = ReviewStatus.Assigned } });
        Assert.Contains(taken.Rows, r => r.CandidateId == top.CandidateId && r.ReviewerUserName == "bravo.two");
        Assert.Equal(before.CountsByStatus[ReviewStatus.Queued] - 1, taken.CountsByStatus[ReviewStatus.Queued]);

        // Then it is handed to someone else: only a transition is written (the review already existed).
        await using (var db = ReassessDatabase.CreateContext(database.Target))
        {
            var review = await db.Set<Review>().SingleAsync(r => r.CandidateId == top.CandidateId);
            review.ReviewerUserName = "echo.five";
            db.Add(new ReviewTransition { CandidateId = review.CandidateId, ReviewId = review.Id, From = ReviewStatus.Assigned, To = ReviewStatus.Assigned, Actor = "delta.four", ActorRole = Roles.Supervisor, At = Now });
            await db.SaveChangesAsync();
        }
        var moved = await Page(new QueueQuery { Filter = new() { Reviewer = "ECHO.FIVE" } });
        Assert.Equal([top.CandidateId], moved.Rows.Select(r => r.CandidateId));

        // A new screening run keeps only the top case.
        await using (var db = ReassessDatabase.CreateContext(database.Target))
        {
            var run = new ScreeningRun { ProfileName = "met-2025", ProfileVersion = "1", AsOf = new(2026, 3, 2), RunBy = "test", StartedAt = Now, CompletedAt = Now };
            db.Add(run);
            await db.SaveChangesAsync();
            await db.Set<Candidate>().Where(c => c.Id == top.CandidateId).ExecuteUpdateAsync(u => u.SetProperty(c => c.LatestRunId, run.Id));
        }
        var rerun = await Page(new QueueQuery());
        Assert.Equal([top.CandidateId], rerun.Rows.Select(r => r.CandidateId));
        Assert.Equal(1, rerun.Total);
    }

    private static void Same(TriagePage expected, TriagePage actual, QueueQuery query)
    {
        var what = $"{query} {query.Filter}";
        Assert.True(expected.Total == actual.Total, $"total {actual.Total}, expected {expected.Total}: {what}");
        Assert.True(expected.Page == actual.Page && expected.PageSize == actual.PageSize && expected.Searched == actual.Searched, what);
        foreach (var status in Enum.GetValues<ReviewStatus>())
            Assert.True(expected.CountsByStatus[status] == actual.CountsByStatus[status], $"{status}: {actual.CountsByStatus[status]}, expected {expected.CountsByStatus[status]}: {what}");
        Assert.True(expected.Rows.Count == actual.Rows.Count, $"{actual.Rows.Count} rows, expected {expected.Rows.Count}: {what}");
        for (var i = 0; i < expected.Rows.Count; i++)
        {
            var (e, a) = (expected.Rows[i], actual.Rows[i]);
            Assert.True(e.CandidateId == a.CandidateId, $"row {i}: candidate {a.CandidateId} ({a.InvestigationRef}), expected {e.CandidateId} ({e.InvestigationRef}): {what}");
            Assert.Equal((e.InvestigationRef, e.InvestigationId, e.Priority, e.Typologies, e.Basis, e.RecordedYear, e.Status, e.ReviewerUserName, e.Since),
                (a.InvestigationRef, a.InvestigationId, a.Priority, a.Typologies, a.Basis, a.RecordedYear, a.Status, a.ReviewerUserName, a.Since));
            Assert.Equal(e.TopFactors, a.TopFactors);
        }
    }

    private static QueueQuery RandomQuery(Random random, IReadOnlyList<string> refs)
    {
        T? Sometimes<T>(Func<T> value) where T : class => random.Next(3) == 0 ? value() : null;
        T? SometimesValue<T>(Func<T> value) where T : struct => random.Next(3) == 0 ? value() : null;
        return new QueueQuery
        {
            Filter = new()
            {
                Typology = Sometimes(() => random.Next(6) == 0 ? " Network " : Labels[random.Next(Labels.Length)]),
                Year = SometimesValue(() => 2012 + random.Next(6)),
                Basis = SometimesValue(() => random.Next(2) == 0 ? CandidateBasis.Criteria : CandidateBasis.Linked),
                Reviewer = Sometimes(() => random.Next(2) == 0 ? Names[random.Next(Names.Length)].ToUpperInvariant() : Names[random.Next(Names.Length)]),
                Status = SometimesValue(() => Enum.GetValues<ReviewStatus>()[random.Next(6)]),
                Page = 1 + random.Next(4),
                PageSize = new[] { 7, 25, 50, 500 }[random.Next(4)],
            },
            Search = random.Next(8) == 0 ? refs[random.Next(refs.Count)] : null,
            Sort = Enum.GetValues<QueueSort>()[random.Next(6)],
            Descending = random.Next(2) == 0,
        };
    }

    /// <summary>
    /// Two forces' candidates over three runs (some only in an older one, some no longer qualifying), priorities drawn from
    /// a few values so ties are common, and reviews in every status with dates. Returns the crime references.
    /// </summary>
    private static async Task<IReadOnlyList<string>> SeedAsync(DatabaseTarget target, Random random)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        var runs = Enumerable.Range(0, 3).Select(i => new ScreeningRun
        {
            ProfileName = "met-2025",
            ProfileVersion = "1",
            AsOf = new(2025, 1 + i, 1),
            RunBy = "test",
            StartedAt = Now.AddDays(-90 + (30 * i)),
            CompletedAt = Now.AddDays(-90 + (30 * i)),
        }).ToList();
        db.AddRange(runs);
        await db.SaveChangesAsync();
        var refs = new List<string>();
        var candidates = new List<Candidate>();
        for (var n = 1; n <= 260; n++)
        {
            var force = n % 9 == 0 ? "KNT" : "MPS";
            var reference = $"{force}-{random.Next(100000):D5}-{n:D3}";
            var year = 2012 + random.Next(6);
            db.Investigations.Add(new Investigation
            {
                Id = n,
                Force = force,
                InvestigationRef = reference,
                RecordedDate = new(year, 5, 1),
                OffenceFrom = new(year, 1, 1),
                OffenceCodes = "19D",
                OutcomeCode = "15",
                OutcomeDate = new(year + 1, 1, 1),
                Summary = "Synthetic case.",
            });
            var labels = Labels.Where(_ => random.Next(3) == 0).ToList();
            if (labels.Count == 0) labels.Add(Labels[random.Next(Labels.Length)]);
            var priority = new[] { 3.0, 5.5, 5.5, 8.0, 12.25, 12.25, 20.0 }[random.Next(7)];
            var first = random.Next(3);
            candidates.Add(new Candidate
            {
                Force = force,
                InvestigationRef = reference,
                InvestigationId = n,
                Basis = random.Next(4) == 0 ? CandidateBasis.Linked : CandidateBasis.Criteria,
                Typologies = string.Join(';', labels),
                Priority = priority,
                PriorityFactors = $"suspect_count={priority};victim_under_18={random.Next(4)};later_offending={random.Next(3)}",
                ProfileName = "met-2025",
                FirstRunId = runs[first].Id,
                LatestRunId = runs[random.Next(8) == 0 ? first : 2].Id,
                StillQualifies = random.Next(10) != 0,
                RecordedYear = year,
            });
            refs.Add(reference);
        }
        db.AddRange(candidates);
        await db.SaveChangesAsync();
        foreach (var candidate in candidates.Where(_ => random.Next(2) == 0))
        {
            var status = Enum.GetValues<ReviewStatus>()[random.Next(6)];
            DateTimeOffset? At(int days) => random.Next(6) == 0 ? null : Now.AddDays(-random.Next(days));
            db.Add(new Review
            {
                CandidateId = candidate.Id,
                Force = candidate.Force,
                InvestigationId = candidate.InvestigationId,
                Status = status,
                // Every review names a reviewer: a missing one sorts by the engine's rule for nulls in SQL.
                ReviewerUserName = Names[random.Next(Names.Length)],
                AssignedAt = At(40),
                SubmittedAt = status is ReviewStatus.Submitted or ReviewStatus.Approved ? At(20) : null,
                DecidedAt = status is ReviewStatus.Returned or ReviewStatus.Approved ? At(10) : null,
                CreatedAt = Now,
                UpdatedAt = Now,
            });
        }
        await db.SaveChangesAsync();
        return refs;
    }
}
