using Microsoft.AspNetCore.Diagnostics;
using Reassess.Audit;
using Reassess.Security;

namespace Reassess.Web.Security;

/// <summary>
/// Records a security event (<see cref="SecurityEvents"/>) in the audit trail and logs it. The log line names the
/// operation, the outcome and the audit entry's sequence number, never the user or the path: the logs carry no personal
/// data, and the entry says who (issue 22, findings 5 and 15).
/// </summary>
public sealed partial class SecurityEventLog(IAuditTrail audit, ILogger<SecurityEventLog> logger)
{
    public async Task RecordAsync(string actor, string operation, string subjectType, IReadOnlyList<string> subjectIds, AuditOutcome outcome, CancellationToken cancellationToken = default)
    {
        var entry = await audit.RecordAsync(SecurityEvents.Event(actor, operation, subjectType, subjectIds, outcome), cancellationToken);
        if (outcome == AuditOutcome.Success) LogEvent(logger, operation, outcome, entry.Sequence);
        else LogRefusal(logger, operation, outcome, entry.Sequence);
    }

    /// <summary>Records an event about the account <paramref name="userName"/> done by that account.</summary>
    public Task RecordUserAsync(string userName, string operation, AuditOutcome outcome, CancellationToken cancellationToken = default) =>
        RecordAsync(AuditActor.User(userName), operation, AuditSubjects.User, [userName], outcome, cancellationToken);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Security event {Operation}: {Outcome} (audit entry {Sequence})")]
    private static partial void LogEvent(ILogger logger, string operation, AuditOutcome outcome, long sequence);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Security event {Operation}: {Outcome} (audit entry {Sequence})")]
    private static partial void LogRefusal(ILogger logger, string operation, AuditOutcome outcome, long sequence);
}

/// <summary>
/// Writes every 403 the workbench answers to the audit trail as a denied request: who, and which path (ids only: paths
/// hold surrogate ids, never names). Status pages re-executed for that 403 are not counted twice.
/// </summary>
public sealed class AccessDeniedAudit(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, SecurityEventLog events)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(events);
        await next(context);
        if (context.Response.StatusCode != StatusCodes.Status403Forbidden || context.Features.Get<IStatusCodeReExecuteFeature>() is not null) return;
        var user = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null;
        var path = context.Request.Path.HasValue ? context.Request.Path.Value!.Replace(AuditEvent.IdSeparator, '_') : "/";
        await events.RecordAsync(user is null ? AuditActor.System("anonymous") : AuditActor.User(user), SecurityEvents.AccessDenied,
            AuditSubjects.Request, [path], AuditOutcome.Denied, context.RequestAborted);
    }
}
