using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Reassess.Prioritisation;
using Reassess.Records;
using Reassess.Storage;

namespace Reassess.Screening;

/// <summary>A candidate found by a screening pass, with its priority.</summary>
public sealed class ScreenedCandidate
{
    public required Assessment Assessment { get; init; }
    public required IReadOnlyList<PriorityFactor> Factors { get; init; }
    public double Priority { get; init; }
    public InvestigationFacts Facts => Assessment.Facts;
    public CandidateBasis Basis => Assessment.Basis!.Value;
    public string Typologies => TypologyLabels.Join(Assessment.Typologies);
    private string? _priorityFactors;

    /// <summary>The <c>priority_factors</c> cell, formatted once (the recorder compares it and writes it, the CSV writes it).</summary>
    public string PriorityFactors => _priorityFactors ??= PriorityScore.Describe(Factors);
}

/// <summary>What a screening pass found: the summary and the candidates ordered by force then investigation reference.</summary>
public sealed class ScreeningOutcome
{
    public required CriteriaProfile Profile { get; init; }
    public DateOnly AsOf { get; init; }
    public required ScreeningSummary Summary { get; init; }
    public required IReadOnlyList<ScreenedCandidate> Candidates { get; init; }
    /// <summary>The recorded run, when the pass was recorded.</summary>
    public ScreeningRun? Run { get; set; }
}

/// <summary>Counts for the printed summary and the run record.</summary>
public sealed class ScreeningSummary
{
    public int Considered { get; set; }
    /// <summary>Investigations failing each criterion (one investigation can fail several), in the profile's order.</summary>
    public Dictionary<string, int> FailedByCriterion { get; init; } = [];
    public int CriteriaCandidates { get; set; }
    public int LinkedCandidates { get; set; }
    public SortedDictionary<string, int> ByTypology { get; init; } = new(StringComparer.Ordinal);
    public SortedDictionary<int, int> ByYear { get; init; } = [];
    public int? YearlyTarget { get; set; }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
}

/// <summary>
/// Screens every stored investigation against a criteria profile, explains single investigations, and records runs
/// and their candidates in the review queue. Time comes from the injected <see cref="TimeProvider"/> (default as-of date,
/// run timestamps); linkage from <see cref="ILinkageFacts"/>.
/// </summary>
public sealed class ScreeningService(TimeProvider time, ILinkageFacts linkage, Audit.IAuditTrail? audit = null)
{
    /// <summary>
    /// Where the time of each phase of <see cref="ScreenAsync"/> goes, one line per phase, when a benchmark asks
    /// (<c>bench/Reassess.Bench.Screening</c>); silent when null.
    /// </summary>
    public Action<string>? PhaseLog { get; init; }

    /// <summary>Today in UTC by the injected clock: the default as-of date.</summary>
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>Screens every investigation; with <paramref name="runBy"/> set, records the run and updates the queue.</summary>
    public async Task<ScreeningOutcome> ScreenAsync(DatabaseTarget target, CriteriaProfile profile, DateOnly? asOf, string? runBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(profile);
        var startedAt = time.GetUtcNow();
        var day = asOf ?? Today;
        var phase = System.Diagnostics.Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        var allocated = GC.GetTotalAllocatedBytes();
        void Mark(string name)
        {
            if (PhaseLog is null) return;
            var now = Environment.CpuUsage.TotalTime;
            var bytes = GC.GetTotalAllocatedBytes();
            PhaseLog($"[screen] {name,-26} {phase.Elapsed.TotalSeconds,7:F2} s wall {(now - cpu).TotalSeconds,7:F2} s CPU {(bytes - allocated) / 1e6,7:F0} MB allocated");
            cpu = now;
            allocated = bytes;
            phase.Restart();
        }
        LinkageSnapshot snapshot;
        await using (var db = ReassessDatabase.CreateContext(target))
            snapshot = await linkage.LoadAsync(db, cancellationToken);
        Mark("linkage snapshot");

        var rules = new ScreeningRules(profile);
        var criteria = profile.CriteriaInOrder;
        var summary = new ScreeningSummary { YearlyTarget = profile.YearlyTarget };
        foreach (var c in criteria) summary.FailedByCriterion[CriterionNames.Of(c)] = 0;
        var failed = new int[criteria.Count];
        var found = new List<Assessment>();

        await using (var a = await ReassessDatabase.OpenConnectionAsync(target, cancellationToken))
        await using (var b = await ReassessDatabase.OpenConnectionAsync(target, cancellationToken))
        {
            await ScreeningReader.ReadAllAsync(a, b, facts =>
            {
                summary.Considered++;
                var assessment = rules.Assess(facts, day, snapshot);
                for (var i = 0; i < assessment.Results.Count; i++)
                    if (!assessment.Results[i].Passed) failed[i]++;
                if (assessment.IsCandidate) found.Add(Detach(assessment));
            }, cancellationToken);
        }
        for (var i = 0; i < criteria.Count; i++) summary.FailedByCriterion[CriterionNames.Of(criteria[i])] = failed[i];
        Mark("read and assess");

        var inputs = await LoadPriorityInputsAsync(target, found, profile, snapshot, cancellationToken);
        Mark("priority inputs");

        var candidates = new List<ScreenedCandidate>(found.Count);
        var shared = new PriorityScore.SharedFactors();
        foreach (var assessment in found)
        {
            var factors = PriorityScore.Factors(profile, assessment, inputs[assessment.Facts.Id], day, shared);
            candidates.Add(new ScreenedCandidate { Assessment = assessment, Factors = factors, Priority = PriorityScore.Total(factors) });
            if (assessment.Basis == CandidateBasis.Linked) summary.LinkedCandidates++;
            else summary.CriteriaCandidates++;
            foreach (var label in assessment.Typologies) summary.ByTypology[label] = summary.ByTypology.GetValueOrDefault(label) + 1;
            var year = assessment.Facts.RecordedDate.Year;
            summary.ByYear[year] = summary.ByYear.GetValueOrDefault(year) + 1;
        }
        candidates = QueueFileOrder.Sort(candidates);

        Mark("score and sort");
        var outcome = new ScreeningOutcome { Profile = profile, AsOf = day, Summary = summary, Candidates = candidates };
        if (runBy is not null)
        {
            outcome.Run = await ScreeningRecorder.RecordAsync(target, outcome, runBy, startedAt, time, audit, cancellationToken);
            Mark("record run");
        }
        return outcome;
    }

    /// <summary>
    /// From this many candidates the priority inputs are read in two halves at once (below it, one read is as quick); a
    /// test sets it low to compare the halves with one read.
    /// </summary>
    internal int PriorityInputsSplitAt { get; init; } = 40_000;

    /// <summary>
    /// The priority inputs of every candidate. A large pass reads them in two halves (the candidates are in id order) on
    /// two connections at once: each candidate's inputs depend on its own records and the data around them, never on
    /// which other candidates share its read, so the halves give the same inputs as one read (the screening benchmark's
    /// <c>--digest</c> shows it at 1M), in about half the time on two cores.
    /// </summary>
    private async Task<IReadOnlyDictionary<long, PriorityInputs>> LoadPriorityInputsAsync(DatabaseTarget target, List<Assessment> found,
        CriteriaProfile profile, LinkageSnapshot snapshot, CancellationToken cancellationToken)
    {
        async Task<IReadOnlyDictionary<long, PriorityInputs>> Part(InvestigationFacts[] part)
        {
            await using var connection = await ReassessDatabase.OpenConnectionAsync(target, cancellationToken);
            return await PriorityInputsLoader.LoadAsync(connection, part, profile, snapshot, cancellationToken);
        }
        var facts = found.Select(f => f.Facts).ToArray();
        if (facts.Length < Math.Max(2, PriorityInputsSplitAt) || Environment.ProcessorCount < 2) return await Part(facts);
        var half = facts.Length / 2;
        var parts = await Task.WhenAll(Task.Run(() => Part(facts[..half]), cancellationToken), Task.Run(() => Part(facts[half..]), cancellationToken));
        var inputs = new Dictionary<long, PriorityInputs>(facts.Length);
        foreach (var part in parts)
            foreach (var (id, value) in part) inputs.Add(id, value);
        return inputs;
    }

    private sealed record Participant(Involvement Involvement, Person Person);

    // Compiled once: explaining a case runs them each time.
    private static readonly Func<ReassessDbContext, string, string, CancellationToken, Task<Investigation?>> InvestigationByRef =
        EF.CompileAsyncQuery((ReassessDbContext db, string force, string reference, CancellationToken _) =>
            db.Investigations.AsNoTracking().SingleOrDefault(i => i.Force == force && i.InvestigationRef == reference));

    private static readonly Func<ReassessDbContext, long, IAsyncEnumerable<Participant>> ParticipantsOf =
        EF.CompileAsyncQuery((ReassessDbContext db, long investigationId) =>
            from v in db.Involvements.AsNoTracking()
            join p in db.People.AsNoTracking() on v.PersonId equals p.Id
            where v.InvestigationId == investigationId
            orderby v.Id
            select new Participant(v, p));

    /// <summary>The explanation of one investigation, or null when it is not stored.</summary>
    public async Task<Explanation?> ExplainAsync(DatabaseTarget target, CriteriaProfile profile, string force, string investigationRef, DateOnly? asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(force);
        ArgumentNullException.ThrowIfNull(investigationRef);
        await using var db = ReassessDatabase.CreateContext(target);
        // One connection for the few queries below.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var investigation = await InvestigationByRef(db, force.Trim().ToUpperInvariant(), investigationRef.Trim(), cancellationToken);
        if (investigation is null) return null;
        var involvements = await ParticipantsOf(db, investigation.Id).ToListAsync(cancellationToken);
        return await ExplainAsync(db, profile, investigation, [.. involvements.Select(x => (x.Involvement, x.Person))], asOf, cancellationToken);
    }

    /// <summary>
    /// The explanation of an investigation the caller has already read, with its people (the workbench's case page has
    /// them), on the caller's context.
    /// </summary>
    public async Task<Explanation> ExplainAsync(ReassessDbContext db, CriteriaProfile profile, Investigation investigation,
        IReadOnlyList<(Involvement Involvement, Person Person)> participants, DateOnly? asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(investigation);
        ArgumentNullException.ThrowIfNull(participants);
        var day = asOf ?? Today;
        // In the order they were recorded, whatever order the caller holds them in.
        var facts = InvestigationFacts.From(investigation, participants.OrderBy(p => p.Involvement.Id));
        var snapshot = await linkage.LoadAsync(db, cancellationToken);
        var rules = new ScreeningRules(profile);
        var assessment = rules.Assess(facts, day, snapshot);
        IReadOnlyList<PriorityFactor> factors = [];
        if (assessment.IsCandidate)
        {
            var connection = db.Database.GetDbConnection();
            var opened = connection.State != System.Data.ConnectionState.Open;
            if (opened) await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                var inputs = await PriorityInputsLoader.LoadAsync(connection, [facts], profile, snapshot, cancellationToken);
                factors = PriorityScore.Factors(profile, assessment, inputs[facts.Id], day);
            }
            finally
            {
                if (opened) await db.Database.CloseConnectionAsync();
            }
        }
        return new Explanation(profile, day, assessment, rules.Typologies(facts), factors);
    }

    /// <summary>Copies an assessment out of the reader's reused buffer.</summary>
    private static Assessment Detach(Assessment a)
    {
        var copy = a.Facts.Copy();
        return new Assessment
        {
            Facts = copy,
            Results = a.Results,
            Basis = a.Basis,
            Typologies = a.Typologies,
            LinkedEvidence = a.LinkedEvidence,
            PeriodWindow = a.PeriodWindow,
            InPeriod = a.InPeriod,
            ChildSexualOffence = a.ChildSexualOffence,
            ContactOffence = a.ContactOffence,
            Nfa = a.Nfa,
            Suspects = a.Suspects,
            LivingSuspects = a.LivingSuspects,
            Victims = a.Victims,
        };
    }
}
