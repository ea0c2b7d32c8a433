using Microsoft.EntityFrameworkCore;
using Reassess.Storage;

namespace Reassess.Audit;

/// <summary>What to look for in the trail; every given criterion must hold.</summary>
public sealed record AuditQuery
{
    /// <summary>An investigation's id: every entry naming it ("who looked at this case, and why").</summary>
    public string? Case { get; init; }

    /// <summary>An actor, exactly as recorded (a user name, <c>cli:NAME</c>, <c>system:NAME</c>).</summary>
    public string? Actor { get; init; }

    public DateTimeOffset? Since { get; init; }

    /// <summary>Entries before this time (exclusive), so that <see cref="Since"/> and this bound a date range.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Entries with a sequence number below this one: the next page back when browsing newest first.</summary>
    public long? BeforeSequence { get; init; }

    public AuditCategory? Category { get; init; }

    /// <summary>At most this many entries (the newest when there are more).</summary>
    public int Limit { get; init; } = 1000;
}

/// <summary>Reads the trail for <c>audit show</c> and the auditor's page.</summary>
public static class AuditQueries
{
    public static async Task<IReadOnlyList<AuditEntry>> FindAsync(ReassessDbContext db, AuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(query);
        var q = db.Set<AuditEntry>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Case))
        {
            var wrapped = AuditEvent.IdSeparator + query.Case.Trim() + AuditEvent.IdSeparator;
            q = q.Where(x => x.SubjectType == AuditSubjects.Investigation && (AuditEvent.IdSeparator + x.SubjectIds + AuditEvent.IdSeparator).Contains(wrapped));
        }
        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            var actor = query.Actor.Trim();
            q = q.Where(x => x.Actor == actor);
        }
        if (query.Since is { } since)
        {
            var from = since.ToUniversalTime();
            q = q.Where(x => x.At >= from);
        }
        if (query.Until is { } until)
        {
            var to = until.ToUniversalTime();
            q = q.Where(x => x.At < to);
        }
        if (query.BeforeSequence is { } before) q = q.Where(x => x.Sequence < before);
        if (query.Category is { } category) q = q.Where(x => x.Category == category);
        var newest = await q.OrderByDescending(x => x.Sequence).Take(Math.Max(1, query.Limit)).ToListAsync(cancellationToken);
        newest.Reverse();
        return newest;
    }
}
