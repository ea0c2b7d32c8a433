// Times the review workbench's reads (queue, case page through the case read model, my work, awaiting sign-off) on a seeded force, the core part of
// the workbench's latency. Not a test: run on demand.
//   dotnet run -c Release --project bench/Reassess.Bench.Review -- [candidates=20000] [--db <target>]
using System.Diagnostics;
using System.Globalization;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Cases;
using Reassess.Records;
using Reassess.Reviews;
using Reassess.Screening;
using Reassess.Storage;

var count = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 20_000;
var dbIndex = Array.IndexOf(args, "--db");
var folder = Directory.CreateTempSubdirectory("reassess-bench-review-").FullName;
var target = DatabaseTarget.Parse(dbIndex >= 0 ? args[dbIndex + 1] : Path.Combine(folder, "bench.db"));
var clock = TimeProvider.System;
Console.WriteLine($"{target.Describe()}: seeding {count} candidates of one force (3 people each), {count / 20} reviews");
await ReassessDatabase.MigrateAsync(target);

var seed = Stopwatch.StartNew();
var random = new Random(7);
string[] typologies = ["network", "intrafamilial", "institutional", "online;network", "peer", "intrafamilial;online"];
await using (var db = ReassessDatabase.CreateContext(target))
{
    db.ChangeTracker.AutoDetectChangesEnabled = false;
    foreach (var name in new[] { "rev.one", "rev.two", "sup.one", "sup.two" })
        db.Users.Add(new ReassessUser { UserName = name, NormalizedUserName = name.ToUpperInvariant(), Role = name.StartsWith("sup", StringComparison.Ordinal) ? Roles.Supervisor : Roles.Reviewer, Force = "MPS" });
    var run = new ScreeningRun { ProfileName = "met-2025", ProfileVersion = "1", AsOf = new(2026, 1, 1), RunBy = "bench", StartedAt = clock.GetUtcNow() };
    db.Add(run);
    await db.SaveChangesAsync();
    for (var i = 1; i <= count; i++)
    {
        var year = 2011 + i % 15;
        var recorded = new DateOnly(year, 1 + i % 12, 1 + i % 28);
        var reference = $"MPS-{i:D7}";
        db.Investigations.Add(new Investigation { Id = i, Force = "MPS", InvestigationRef = reference, RecordedDate = recorded, OffenceFrom = recorded.AddDays(-30), OffenceCodes = "19D;71", OutcomeCode = "15" });
        for (var k = 1; k <= 3; k++)
        {
            var id = i * 10L + k;
            db.People.Add(new Person { Id = id, Force = "MPS", PersonRef = $"P{id}", Surname = "Bench", Forenames = "Test", DateOfBirth = new(k == 3 ? year - 14 : 1970, 5, 5), SelfDefinedEthnicity = k == 2 ? null : "W1" });
            db.Involvements.Add(new Involvement { Id = id, Force = "MPS", InvestigationId = i, PersonId = id, InvestigationRef = reference, PersonRef = $"P{id}", Role = k == 3 ? InvolvementRole.Victim : InvolvementRole.Suspect });
        }
        db.Add(new Candidate
        {
            Force = "MPS",
            InvestigationRef = reference,
            InvestigationId = i,
            Basis = i % 9 == 0 ? CandidateBasis.Linked : CandidateBasis.Criteria,
            Typologies = typologies[i % typologies.Length],
            Priority = Math.Round(random.NextDouble() * 20, 1),
            PriorityFactors = "suspect_count=2",
            ProfileName = "met-2025",
            FirstRunId = run.Id,
            LatestRunId = run.Id,
            StillQualifies = true,
            RecordedYear = year,
        });
        if (i % 2000 == 0)
        {
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }
    await db.SaveChangesAsync();
}
var audit = AuditTrail.For(target, Path.Combine(folder, "bench.audit-key"));
var supervisor = new Actor("sup.one", Roles.Supervisor, "MPS");
var reviewer = new Actor("rev.one", Roles.Reviewer, "MPS");
long[] someCandidates;
await using (var db = ReassessDatabase.CreateContext(target))
    someCandidates = [.. db.Set<Candidate>().OrderBy(c => c.Id).Select(c => c.Id).Take(count / 20)];
var assigned = 0;
using var seedCaches = new CaseCaches();
var seedLeads = new CaseLeadFinder(seedCaches, clock);
foreach (var id in someCandidates)
{
    await using var db = ReassessDatabase.CreateContext(target);
    var service = new ReviewService(db, clock, audit, seedLeads);
    var result = await service.AssignAsync(supervisor, id, id % 2 == 0 ? "rev.one" : "rev.two");
    if (result.Succeeded && id % 3 == 0) await service.SaveDraftAsync(reviewer with { UserName = result.Review!.ReviewerUserName! }, result.Review.Id, result.Review.Version, new ReviewForm { Rationale = "bench" });
    assigned++;
}
Console.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:F1} s ({assigned} assignments through ReviewService)");

await Time("queue, page 1", db => new ReviewQueries(db).QueueAsync(reviewer, new QueueFilter()));
await Time("queue, page 20, typology online", db => new ReviewQueries(db).QueueAsync(reviewer, new QueueFilter { Typology = "online", Page = 20 }));
await Time("queue, status in_review", db => new ReviewQueries(db).QueueAsync(reviewer, new QueueFilter { Status = ReviewStatus.InReview }));
// The case page reads the case read model as the workbench does, with one process's caches: the first view of each case
// builds its screening explanation and links, a later view (the second pass) finds them kept.
using var caches = new CaseCaches();
var k2 = 0;
await Time("case page, first view", db => new CaseQueries(db, clock, caches).CaseAsync(reviewer, someCandidates[k2++ % someCandidates.Length]));
k2 = 0;
await Time("case page, seen before", db => new CaseQueries(db, clock, caches).CaseAsync(reviewer, someCandidates[k2++ % someCandidates.Length]));
await Time("my work", db => new ReviewQueries(db).MyWorkAsync(reviewer));
await Time("awaiting sign-off", db => new ReviewQueries(db).AwaitingSignOffAsync(supervisor));
if (target.Engine == DatabaseEngine.Sqlite) Directory.Delete(folder, recursive: true);

async Task Time<T>(string what, Func<ReassessDbContext, Task<T>> read)
{
    const int Rounds = 200;
    var times = new List<double>(Rounds);
    for (var i = 0; i < Rounds + 10; i++)
    {
        await using var db = ReassessDatabase.CreateContext(target);
        var watch = Stopwatch.StartNew();
        await read(db);
        if (i >= 10) times.Add(watch.Elapsed.TotalMilliseconds); // the first rounds warm up EF's query cache
    }
    times.Sort();
    Console.WriteLine($"{what,-34} median {times[Rounds / 2],7:F2} ms   p95 {times[(int)(Rounds * 0.95)],7:F2} ms");
}
