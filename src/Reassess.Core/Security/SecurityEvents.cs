using Reassess.Audit;

namespace Reassess.Security;

/// <summary>
/// The security events written to the audit trail (category <see cref="AuditCategory.Security"/>), as stable operation
/// names. Finding 5 of issue 22: sign-in, its failures and lockouts, sign-out, account administration, refused requests
/// and refused imports must leave a trace an auditor can find.
/// </summary>
public static class SecurityEvents
{
    /// <summary>A password and a code were accepted: a session started.</summary>
    public const string SignIn = "sign_in";

    /// <summary>A wrong password, code, or an unknown, disabled or locked account.</summary>
    public const string SignInFailed = "sign_in.failed";

    /// <summary>An account was locked by too many failed attempts.</summary>
    public const string LockedOut = "sign_in.locked_out";

    /// <summary>A user signed out: the session was revoked on the server.</summary>
    public const string SignOut = "sign_out";

    public const string UserAdd = "user.add";
    public const string UserDisable = "user.disable";
    public const string UserEnable = "user.enable";
    public const string UserResetMfa = "user.reset_mfa";

    /// <summary>A request refused by an authorization decision (HTTP 403).</summary>
    public const string AccessDenied = "access.denied";

    /// <summary>An import refused whole (nothing written).</summary>
    public const string ImportRefused = "import.refused";

    /// <summary>The actor of a sign-in attempt whose account does not exist (the attempted name is not recorded: it may be a password typed in the wrong box).</summary>
    public static readonly string UnknownAccount = AuditActor.System("sign-in");

    /// <summary>An audit event of the security category.</summary>
    public static AuditEvent Event(string actor, string operation, string subjectType, IReadOnlyList<string> subjectIds, AuditOutcome outcome = AuditOutcome.Success) =>
        new(actor, AuditCategory.Security, operation, subjectType, subjectIds) { Outcome = outcome };
}
