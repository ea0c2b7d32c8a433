using Microsoft.EntityFrameworkCore;
using Reassess.Storage;

namespace Reassess.Screening;

/// <summary>
/// Records a screening run and brings the profile's review queue up to date: a candidate already queued is updated in
/// place (never duplicated), a new one is added, and one that no longer qualifies is marked
/// (<see cref="Candidate.StillQualifies"/> = false), never deleted, so review work on it survives a corrected extract.
/// </summary>
public static class ScreeningRecorder
{
    public static async Task<ScreeningRun> RecordAsync(DatabaseTarget target, ScreeningOutcome outcome, string runBy, DateTimeOffset startedAt, TimeProvider time, CancellationToken cancellationToken)
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

        var queued = await db.Set<Candidate>().Where(c => c.ProfileName == outcome.Profile.Name).ToDictionaryAsync(c => c.InvestigationId, cancellationToken);
        var seen = new HashSet<long>();
        foreach (var found in outcome.Candidates)
        {
            seen.Add(found.Facts.Id);
            if (!queued.TryGetValue(found.Facts.Id, out var candidate))
            {
                candidate = new Candidate
                {
                    Force = found.Facts.Force,
                    InvestigationRef = found.Facts.InvestigationRef,
                    InvestigationId = found.Facts.Id,
                    ProfileName = outcome.Profile.Name,
                    FirstRunId = run.Id,
                    Typologies = "",
                    PriorityFactors = "",
                };
                db.Add(candidate);
                run.NewCandidates++;
            }
            candidate.Basis = found.Basis;
            candidate.Typologies = found.Typologies;
            candidate.Priority = found.Priority;
            candidate.PriorityFactors = found.PriorityFactors;
            candidate.LatestRunId = run.Id;
            candidate.StillQualifies = true;
            candidate.RecordedYear = found.Facts.RecordedDate.Year;
            candidate.LinkedEvidence = found.Assessment.LinkedEvidence;
        }
        foreach (var (investigationId, candidate) in queued)
        {
            if (seen.Contains(investigationId)) continue;
            if (candidate.StillQualifies) run.NoLongerQualifying++;
            candidate.StillQualifies = false;
            candidate.LatestRunId = run.Id;
        }
        run.CompletedAt = time.GetUtcNow();
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return run;
    }
}
