using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NpgsqlTypes;
using Reassess.Audit;
using Reassess.Records;
using Reassess.Storage;

namespace Reassess.Screening;

/// <summary>
/// Records a screening run and brings the profile's review queue up to date: a candidate already queued is updated in
/// place (never duplicated), a new one is added, and one that no longer qualifies is marked
/// (<see cref="Candidate.StillQualifies"/> = false), never deleted, so review work on it survives a corrected extract.
/// </summary>
public static class ScreeningRecorder
{
    public static async Task<ScreeningRun> RecordAsync(DatabaseTarget target, ScreeningOutcome outcome, string runBy, DateTimeOffset startedAt, TimeProvider time,
        IAuditTrail? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(time);
        await using var db = ReassessDatabase.CreateContext(target);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var run = new ScreeningRun
        {
            ProfileName = outcome.Profile.Name,
            ProfileVersion = outcome.Profile.Version,
            AsOf = outcome.AsOf,
            StartedAt = startedAt,
            RunBy = runBy,
            Considered = outcome.Summary.Considered,
            CriteriaCandidates = outcome.Summary.CriteriaCandidates,
            LinkedCandidates = outcome.Summary.LinkedCandidates,
            Summary = outcome.Summary.ToJson(),
        };
        db.Add(run);
        await db.SaveChangesAsync(cancellationToken);

        // The queue as it stands for this profile, with what a run writes, so only what changed is rewritten.
        var queued = await db.Set<Candidate>().AsNoTracking().Where(c => c.ProfileName == outcome.Profile.Name)
            .Select(c => new Queued(c.Id, c.InvestigationId, c.StillQualifies, c.Basis, c.Typologies, c.Priority, c.PriorityFactors, c.RecordedYear, c.LinkedEvidence))
            .ToDictionaryAsync(c => c.InvestigationId, cancellationToken);
        var added = new List<(ScreenedCandidate Found, long FirstRun)>();
        var changed = new List<(ScreenedCandidate Found, long Id)>();
        foreach (var found in outcome.Candidates)
        {
            if (!queued.Remove(found.Facts.Id, out var existing)) added.Add((found, run.Id));
            else if (!existing.Matches(found)) changed.Add((found, existing.Id));
        }
        run.NewCandidates = added.Count;
        // What remains in `queued` no longer qualifies: marked, never deleted (its review work stays).
        run.NoLongerQualifying = queued.Values.Count(q => q.StillQualifies);

        // Bulk paths (the importer's): a national run queues hundreds of thousands of candidates. Every candidate of the
        // profile is stamped with this run in one statement; then those that no longer qualify are marked; then the rows
        // whose values changed are rewritten.
        var writer = BulkWriter.For(target.Engine, db.Database.GetDbConnection(), tx.GetDbTransaction());
        var latest = run.Id;
        await db.Set<Candidate>().Where(c => c.ProfileName == outcome.Profile.Name)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.StillQualifies, true).SetProperty(c => c.LatestRunId, latest), cancellationToken);
        foreach (var chunk in queued.Values.Select(q => q.Id).Chunk(1000))
            await db.Set<Candidate>().Where(c => chunk.Contains(c.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.StillQualifies, false), cancellationToken);
        await writer.InsertAsync("candidates", NewColumns(outcome.Profile.Name, latest), added, cancellationToken);
        await writer.UpdateAsync("candidates", UpdateColumns(latest), changed, cancellationToken);
        db.Update(run);
        run.CompletedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        // The queue changed: an alteration (DPA 2018 s.62), recorded in the same transaction, so no run without its record.
        if (audit is not null)
            await audit.RecordAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), new AuditEvent(runBy, AuditCategory.Alteration, "screening run", "screening_run",
                [run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])
            { Justification = $"{outcome.Profile.Name} {outcome.Profile.Version} as of {outcome.AsOf:yyyy-MM-dd}" }, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return run;
    }

    /// <summary>A queued candidate as the recorder compares it with a new finding.</summary>
    private sealed record Queued(long Id, long InvestigationId, bool StillQualifies, CandidateBasis Basis, string Typologies, double Priority,
        string PriorityFactors, int RecordedYear, string? LinkedEvidence)
    {
        public bool Matches(ScreenedCandidate found) =>
            StillQualifies && Basis == found.Basis && Typologies == found.Typologies && Priority.Equals(found.Priority)
            && PriorityFactors == found.PriorityFactors && RecordedYear == found.Facts.RecordedDate.Year && LinkedEvidence == found.Assessment.LinkedEvidence;
    }

    private static BulkColumn<(ScreenedCandidate Found, long FirstRun)>[] NewColumns(string profileName, long latestRun) =>
    [
        new("force", NpgsqlDbType.Varchar, x => x.Found.Facts.Force),
        new("investigation_ref", NpgsqlDbType.Varchar, x => x.Found.Facts.InvestigationRef),
        new("investigation_id", NpgsqlDbType.Bigint, x => x.Found.Facts.Id),
        new("profile_name", NpgsqlDbType.Varchar, _ => profileName),
        new("first_run_id", NpgsqlDbType.Bigint, x => x.FirstRun),
        .. Common<(ScreenedCandidate Found, long FirstRun)>(x => x.Found, latestRun),
    ];

    private static BulkColumn<(ScreenedCandidate Found, long Id)>[] UpdateColumns(long latestRun) =>
    [
        new("id", NpgsqlDbType.Bigint, x => x.Id),
        .. Common<(ScreenedCandidate Found, long Id)>(x => x.Found, latestRun),
    ];

    /// <summary>What every run writes on a candidate it finds.</summary>
    private static BulkColumn<T>[] Common<T>(Func<T, ScreenedCandidate> of, long latestRun) =>
    [
        new("basis", NpgsqlDbType.Varchar, x => Token.Of(of(x).Basis)),
        new("typologies", NpgsqlDbType.Varchar, x => of(x).Typologies),
        new("priority", NpgsqlDbType.Double, x => of(x).Priority),
        new("priority_factors", NpgsqlDbType.Text, x => of(x).PriorityFactors),
        new("latest_run_id", NpgsqlDbType.Bigint, _ => latestRun),
        new("still_qualifies", NpgsqlDbType.Boolean, _ => true),
        new("recorded_year", NpgsqlDbType.Integer, x => of(x).Facts.RecordedDate.Year),
        new("linked_evidence", NpgsqlDbType.Text, x => of(x).Assessment.LinkedEvidence),
    ];
}
