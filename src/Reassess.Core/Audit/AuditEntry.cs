namespace Reassess.Audit;

/// <summary>
/// The kinds of processing that the Data Protection Act 2018, section 62(1), requires a controller to log.
/// </summary>
public enum AuditCategory
{
    /// <summary>Data brought in: an import of a force extract.</summary>
    Collection,
    /// <summary>A change to a record, a review or a match decision.</summary>
    Alteration,
    /// <summary>A view of a case, a person or a search result (s.62(2): justification, date, time and who).</summary>
    Consultation,
    /// <summary>An export, a report with case-level data, a referral (s.62(3): also who received it).</summary>
    Disclosure,
    /// <summary>Data sets joined: a linkage run, a network build.</summary>
    Combination,
    /// <summary>Data removed.</summary>
    Erasure,
    /// <summary>
    /// A security event rather than processing of case data: sign-in and its failures, lockout, sign-out, account
    /// administration, refused requests and refused imports (OWASP ASVS 5.0 V16).
    /// </summary>
    Security,
}

/// <summary>How the logged operation ended.</summary>
public enum AuditOutcome
{
    Success,
    Failure,
    /// <summary>Refused by an authorization decision (ASVS level 3 logs these on sensitive data).</summary>
    Denied,
}

/// <summary>
/// One line of the audit trail. Holds ids and hashes, never personal data, so that a person's records can be erased
/// while the trail that they were processed stays intact. Entries are append-only: the database refuses UPDATE and
/// DELETE on them (triggers), and each is chained to the one before by <see cref="Hash"/> (see <see cref="AuditChain"/>).
/// Written only by <see cref="IAuditTrail"/>.
/// </summary>
public sealed class AuditEntry
{
    /// <summary>1, 2, 3 … without gaps: the position in the chain.</summary>
    public long Sequence { get; set; }

    /// <summary>When, in UTC, from the injected clock, to the millisecond (the precision both engines keep).</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>The user name of the person who did it, or a named system actor (<c>system:import</c>, <c>cli:alice</c>).</summary>
    public required string Actor { get; set; }

    public AuditCategory Category { get; set; }

    /// <summary>What was done, as a stable dotted name: <c>import.bundle</c>, <c>case.view</c>, <c>report.export</c>.</summary>
    public required string Operation { get; set; }

    /// <summary>What the ids name: <c>investigation</c>, <c>person</c>, <c>import_batch</c>, <c>review</c> (see <see cref="AuditSubjects"/>).</summary>
    public required string SubjectType { get; set; }

    /// <summary>The subjects' ids (surrogate ids, crime references, hashes), <c>;</c>-separated; empty when none.</summary>
    public required string SubjectIds { get; set; }

    /// <summary>Why: required for consultation and disclosure (s.62(2)(a), (3)(a)).</summary>
    public string? Justification { get; set; }

    /// <summary>Who received it: required for disclosure (s.62(3)(c)).</summary>
    public string? Recipient { get; set; }

    public AuditOutcome Outcome { get; set; }

    /// <summary>The <see cref="Hash"/> of the entry before; 64 zeros for the first.</summary>
    public required string PreviousHash { get; set; }

    /// <summary>HMAC-SHA256, hex, of this entry's canonical encoding and <see cref="PreviousHash"/>.</summary>
    public required string Hash { get; set; }

    /// <summary>The subject ids as a list.</summary>
    public IReadOnlyList<string> SubjectIdList =>
        SubjectIds.Length == 0 ? [] : SubjectIds.Split(AuditEvent.IdSeparator);
}

/// <summary>
/// What a caller asks <see cref="IAuditTrail"/> to record; the trail adds the sequence, time and hashes.
/// </summary>
/// <param name="Actor">A user name, or a system actor from <see cref="AuditActor"/>.</param>
/// <param name="Category">The section 62 category.</param>
/// <param name="Operation">A stable dotted name such as <c>case.view</c>.</param>
/// <param name="SubjectType">What the ids name (<see cref="AuditSubjects"/>).</param>
/// <param name="SubjectIds">Ids or hashes only, never names, dates of birth or free text about a person.</param>
public sealed record AuditEvent(string Actor, AuditCategory Category, string Operation, string SubjectType, IReadOnlyList<string> SubjectIds)
{
    /// <summary>Separates subject ids in <see cref="AuditEntry.SubjectIds"/>; ids may not contain it.</summary>
    public const char IdSeparator = ';';

    /// <summary>Why it was done (required for consultation and disclosure).</summary>
    public string? Justification { get; init; }

    /// <summary>Who received the data (required for disclosure).</summary>
    public string? Recipient { get; init; }

    public AuditOutcome Outcome { get; init; } = AuditOutcome.Success;

    /// <summary>Throws when the event lacks what section 62 requires for its category.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Actor)) throw new ArgumentException("An audit event needs an actor (a user or a named system actor).");
        if (string.IsNullOrWhiteSpace(Operation)) throw new ArgumentException("An audit event needs an operation.");
        if (string.IsNullOrWhiteSpace(SubjectType)) throw new ArgumentException("An audit event needs a subject type.");
        foreach (var id in SubjectIds)
        {
            if (string.IsNullOrEmpty(id) || id.Contains(IdSeparator, StringComparison.Ordinal))
                throw new ArgumentException($"Audit subject ids must be non-empty and hold no '{IdSeparator}'.");
        }
        // s.62(2) and (3): consultation and disclosure logs must make the justification establishable; disclosure also the recipient.
        if (Category is AuditCategory.Consultation or AuditCategory.Disclosure && Outcome == AuditOutcome.Success && string.IsNullOrWhiteSpace(Justification))
            throw new ArgumentException($"A {Category.ToString().ToLowerInvariant()} needs a justification (DPA 2018 s.62).");
        if (Category == AuditCategory.Disclosure && Outcome == AuditOutcome.Success && string.IsNullOrWhiteSpace(Recipient))
            throw new ArgumentException("A disclosure needs a recipient (DPA 2018 s.62(3)).");
    }
}

/// <summary>Actor names for the trail: users by user name, everything else as a named system actor.</summary>
public static class AuditActor
{
    /// <summary>A signed-in workbench user.</summary>
    public static string User(string userName) => userName;

    /// <summary>A process acting on its own account: <c>system:NAME</c>.</summary>
    public static string System(string name) => "system:" + name;

    /// <summary>
    /// Whoever runs the command line, as <c>cli:NAME</c>: the name the shell was given (<c>REASSESS_ACTOR</c>, a service
    /// account naming itself), otherwise the operating-system account.
    /// </summary>
    public static string CommandLine(string? named, string osAccount) =>
        "cli:" + (string.IsNullOrWhiteSpace(named) ? osAccount : named.Trim());
}

/// <summary>The subject types used across Reassess, so that <c>audit show --case</c> finds every view of a case.</summary>
public static class AuditSubjects
{
    /// <summary>An investigation (a case), by its surrogate id.</summary>
    public const string Investigation = "investigation";
    /// <summary>A person (nominal), by surrogate id.</summary>
    public const string Person = "person";
    /// <summary>An import run, by <c>ImportBatch.Id</c>, or a bundle by its hash.</summary>
    public const string ImportBatch = "import_batch";
    /// <summary>A review of a candidate.</summary>
    public const string Review = "review";
    /// <summary>A linkage match decision.</summary>
    public const string Match = "match";
    /// <summary>A linkage run or network.</summary>
    public const string Network = "network";
    /// <summary>A report or export, by the hash of its content.</summary>
    public const string Report = "report";
    /// <summary>A user account.</summary>
    public const string User = "user";
    /// <summary>The audit trail itself (verification runs).</summary>
    public const string AuditTrail = "audit_trail";

    /// <summary>A web request, by its path (a refused request).</summary>
    public const string Request = "request";
}
