using System.Globalization;
using Reassess.Storage;

namespace Reassess.Audit;

/// <summary>
/// The section 62 entries of the operations the shells run on case data: consulting an explanation or a list of matches,
/// exporting a file, disclosing a report. The command line and the workbench call these instead of building audit events
/// themselves, so that an operation is recorded the same way whichever shell runs it, and each entry is complete
/// (category, subject, justification, recipient). Each is recorded before the data is shown or the file handed over.
/// </summary>
/// <param name="trail">The trail of the database the data comes from.</param>
public sealed class AuditedOperations(IAuditTrail trail)
{
    /// <summary>A case's screening explanation was consulted (<c>reassess explain</c>).</summary>
    public Task ExplanationConsultedAsync(string actor, long investigationId, string justification, CancellationToken cancellationToken = default) =>
        trail.RecordAsync(new AuditEvent(actor, AuditCategory.Consultation, "explain", AuditSubjects.Investigation,
            [investigationId.ToString(CultureInfo.InvariantCulture)])
        {
            Justification = justification,
        }, cancellationToken);

    /// <summary>Proposed or decided person matches were listed: a search result naming people.</summary>
    public Task MatchesListedAsync(string actor, IEnumerable<long> matchIds, string justification, CancellationToken cancellationToken = default) =>
        trail.RecordAsync(new AuditEvent(actor, AuditCategory.Consultation, "matches list", "person_match",
            [.. matchIds.Select(id => id.ToString(CultureInfo.InvariantCulture))])
        {
            Justification = justification,
        }, cancellationToken);

    /// <summary>
    /// Case data was written to a file (<paramref name="operation"/>, e.g. <c>candidates export</c>): a disclosure to
    /// whoever holds the file, recorded by its full path.
    /// </summary>
    public Task FileExportedAsync(string actor, string operation, string path, string justification, CancellationToken cancellationToken = default) =>
        trail.RecordAsync(new AuditEvent(actor, AuditCategory.Disclosure, operation, "file", [Path.GetFileName(path).Replace(AuditEvent.IdSeparator, ',')])
        {
            Justification = justification,
            Recipient = Path.GetFullPath(path),
        }, cancellationToken);

    /// <summary>A report holding case-level data was disclosed to <paramref name="recipient"/>.</summary>
    public Task ReportDisclosedAsync(string actor, string title, string recipient, CancellationToken cancellationToken = default) =>
        trail.RecordAsync(new AuditEvent(actor, AuditCategory.Disclosure, "report", AuditSubjects.Report, [title.Replace(AuditEvent.IdSeparator, ',')])
        {
            Justification = "reassess report: " + title,
            Recipient = recipient,
        }, cancellationToken);

    /// <summary>
    /// A report page of the workbench was exported (<paramref name="format"/>: <c>csv</c> or <c>print</c>) and handed
    /// to <paramref name="actor"/>'s browser: a disclosure, recorded before the file or page is sent, whether or not the
    /// report names cases (an aggregate leaves the building all the same).
    /// </summary>
    public Task ReportExportedAsync(string actor, string report, string title, string format, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(report);
        ArgumentException.ThrowIfNullOrWhiteSpace(format);
        return trail.RecordAsync(new AuditEvent(actor, AuditCategory.Disclosure, "report.export." + format, AuditSubjects.Report, [report.Replace(AuditEvent.IdSeparator, ',')])
        {
            Justification = "workbench export: " + title,
            Recipient = "workbench user " + actor,
        }, cancellationToken);
    }

    /// <summary>
    /// Investigations were shown to <paramref name="actor"/> by <paramref name="operation"/> (a case page, a list of cases), or
    /// asked for and refused (<paramref name="outcome"/> denied): one consultation naming every investigation, recorded in
    /// the trail of <paramref name="db"/>, the context the data was read with.
    /// </summary>
    public Task<AuditEntry> InvestigationsConsultedAsync(ReassessDbContext db, string actor, string operation, IEnumerable<long> investigationIds,
        string? justification, AuditOutcome outcome = AuditOutcome.Success, CancellationToken cancellationToken = default) =>
        trail.RecordAsync(db, new AuditEvent(actor, AuditCategory.Consultation, operation, AuditSubjects.Investigation,
            [.. investigationIds.Select(id => id.ToString(CultureInfo.InvariantCulture))])
        {
            Justification = justification,
            Outcome = outcome,
        }, cancellationToken);

    /// <summary>
    /// Investigations were shown by their crime references (<c>FORCE/REF</c>, e.g. national oversight's networks that cross
    /// forces): one consultation naming each once. Nothing is recorded when none was shown.
    /// </summary>
    public async Task InvestigationRefsConsultedAsync(string actor, string operation, IEnumerable<(string Force, string InvestigationRef)> investigations,
        string justification, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(investigations);
        var shown = investigations.Select(i => i.Force + "/" + i.InvestigationRef.Replace(AuditEvent.IdSeparator, '_')).Distinct().ToList();
        if (shown.Count == 0) return;
        await trail.RecordAsync(new AuditEvent(actor, AuditCategory.Consultation, operation, AuditSubjects.Investigation, shown)
        {
            Justification = justification,
        }, cancellationToken);
    }
}
