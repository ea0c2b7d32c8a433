using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Reassess.Audit;
using Reassess.Security;

namespace Reassess.Access;

/// <summary>What a new or re-enrolled user needs for their authenticator app.</summary>
/// <param name="UserName">The account.</param>
/// <param name="Secret">The shared TOTP secret, base32 (RFC 6238, SHA-1, 6 digits, 30 s).</param>
/// <param name="OtpauthUri">The <c>otpauth://</c> URI an authenticator app reads from a QR code.</param>
public sealed record AuthenticatorEnrolment(string UserName, string Secret, string OtpauthUri);

/// <summary>One account as the user list shows it.</summary>
public sealed record UserSummary(string UserName, string Role, string? Force, bool Disabled, bool MfaEnrolled, DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt);

/// <summary>Why a user could not be created or changed.</summary>
public class UserAdministrationException(string message) : ReassessException(message);

/// <summary>The actor may not manage that account (HTTP 403): another force's, or one of the same or wider reach.</summary>
public sealed class UserAdministrationForbiddenException(string message) : UserAdministrationException(message);

/// <summary>The change contradicts the account's state (HTTP 409): acting on one's own account.</summary>
public sealed class UserAdministrationConflictException(string message) : UserAdministrationException(message);

/// <summary>
/// Creates, lists, disables and re-enrols workbench users. Every account must use a TOTP authenticator (issue 6), so
/// creating an account always enrols one. Shared by <c>reassess users</c> and the workbench.
/// </summary>
/// <remarks>
/// Each change names who makes it: a workbench user (<see cref="Actor"/>), or null for the command line, whose operator
/// administers the host. An administrator manages every account but their own; a force lead manages the reviewers and
/// supervisors of their own force, never an account of the same or wider reach (issue 22, finding 3). Every change, and
/// every refusal, is written to the audit trail as a security event; disabling an account and resetting its
/// authenticator revoke its sessions on the server.
/// </remarks>
public sealed partial class UserAdministration(UserManager<ReassessUser> users, TimeProvider time, UserSessions sessions, IAuditTrail? audit = null)
{
    public const string Issuer = "Reassess";

    /// <summary>Who the trail records when no signed-in actor is given: the command line's (<see cref="AuditActor.CommandLine"/>).</summary>
    public string CommandLineActor { get; set; } = AuditActor.System("user-administration");

    /// <summary>Creates an account with its role and force, hashes the password and enrols an authenticator.</summary>
    public async Task<AuthenticatorEnrolment> AddAsync(string userName, string role, string? force, string password, Actor? by = null)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        role = role?.Trim().ToLowerInvariant() ?? "";
        if (!Roles.All.Contains(role))
            throw new UserAdministrationException($"Unknown role '{role}'. Roles: {string.Join(", ", Roles.All)}.");
        force = string.IsNullOrWhiteSpace(force) ? null : force.Trim().ToUpperInvariant();
        if (Roles.IsForceScoped(role))
        {
            if (force is null) throw new UserAdministrationException($"The {role} role belongs to one force: give --force.");
            if (!ForceCode().IsMatch(force)) throw new UserAdministrationException($"'{force}' is not a force code (2 to 16 letters or digits).");
        }
        else if (force is not null)
        {
            throw new UserAdministrationException($"The {role} role spans every force: do not give --force.");
        }
        if (by is not null && !MayManage(by, role, force))
        {
            await RecordAsync(by, SecurityEvents.UserAdd, userName, AuditOutcome.Denied);
            throw new UserAdministrationForbiddenException($"You may not create a {role} account{(force is null ? "" : " of " + force)}.");
        }
        if (await users.FindByNameAsync(userName) is not null)
            throw new UserAdministrationException($"A user named '{userName}' already exists.");

        var user = new ReassessUser
        {
            UserName = userName,
            Role = role,
            Force = force,
            CreatedAt = time.GetUtcNow(),
            LockoutEnabled = true,
            TwoFactorEnabled = true,
        };
        Check(await users.CreateAsync(user, password));
        var enrolment = await EnrolAsync(user);
        await RecordAsync(by, SecurityEvents.UserAdd, user.UserName!, AuditOutcome.Success);
        return enrolment;
    }

    /// <summary>Every account, by name.</summary>
    public async Task<IReadOnlyList<UserSummary>> ListAsync(string? force = null, CancellationToken cancellationToken = default)
    {
        var query = users.Users.AsNoTracking();
        if (force is not null) query = query.Where(u => u.Force == force);
        var rows = await query.OrderBy(u => u.UserName).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return [.. rows.Select(u => new UserSummary(u.UserName!, u.Role, u.Force, u.Disabled, u.TwoFactorEnabled,
            u.LockoutEnd is { } end && end > now && !u.Disabled ? end : null, u.CreatedAt))];
    }

    /// <summary>Finds one account or throws.</summary>
    public async Task<ReassessUser> GetAsync(string userName) =>
        await users.FindByNameAsync(userName) ?? throw new UserAdministrationException($"No user named '{userName}'.");

    /// <summary>
    /// Disables an account: it can no longer sign in, its sessions are revoked on the server, and its security stamp
    /// changes so that a session cookie issued before cannot be revalidated either.
    /// </summary>
    public async Task DisableAsync(string userName, Actor? by = null)
    {
        var user = await GetManagedAsync(userName, by, SecurityEvents.UserDisable);
        user.Disabled = true;
        user.LockoutEnd = DateTimeOffset.MaxValue;
        Check(await users.UpdateAsync(user));
        Check(await users.UpdateSecurityStampAsync(user));
        await sessions.RevokeAllAsync(user.Id);
        await RecordAsync(by, SecurityEvents.UserDisable, user.UserName!, AuditOutcome.Success);
    }

    /// <summary>Re-enables a disabled account.</summary>
    public async Task EnableAsync(string userName, Actor? by = null)
    {
        var user = await GetManagedAsync(userName, by, SecurityEvents.UserEnable);
        user.Disabled = false;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        Check(await users.UpdateAsync(user));
        await RecordAsync(by, SecurityEvents.UserEnable, user.UserName!, AuditOutcome.Success);
    }

    /// <summary>Replaces the authenticator secret (a lost phone): old codes stop working and open sessions end.</summary>
    public async Task<AuthenticatorEnrolment> ResetMfaAsync(string userName, Actor? by = null)
    {
        var user = await GetManagedAsync(userName, by, SecurityEvents.UserResetMfa);
        var enrolment = await EnrolAsync(user);
        await sessions.RevokeAllAsync(user.Id);
        await RecordAsync(by, SecurityEvents.UserResetMfa, user.UserName!, AuditOutcome.Success);
        return enrolment;
    }

    /// <summary>
    /// Whether <paramref name="by"/> may manage an account of <paramref name="role"/> in <paramref name="force"/>: an
    /// administrator any, a force lead the reviewers and supervisors of their force, nobody else any.
    /// </summary>
    public static bool MayManage(Actor by, string role, string? force)
    {
        ArgumentNullException.ThrowIfNull(by);
        return by.Role switch
        {
            Roles.Admin => true,
            Roles.ForceLead => role is Roles.Reviewer or Roles.Supervisor && force is not null && by.IsOfForce(force),
            _ => false,
        };
    }

    /// <summary>The account, once <paramref name="by"/> is known to be allowed to change it (refusals are audited).</summary>
    private async Task<ReassessUser> GetManagedAsync(string userName, Actor? by, string operation)
    {
        var user = await GetAsync(userName);
        if (by is null) return user;
        if (by.Is(user.UserName))
        {
            await RecordAsync(by, operation, user.UserName!, AuditOutcome.Denied);
            throw new UserAdministrationConflictException("You cannot change your own account here; ask an administrator.");
        }
        if (!MayManage(by, user.Role, user.Force))
        {
            await RecordAsync(by, operation, user.UserName!, AuditOutcome.Denied);
            throw new UserAdministrationForbiddenException($"You may not change {user.UserName}'s account.");
        }
        return user;
    }

    private Task RecordAsync(Actor? by, string operation, string userName, AuditOutcome outcome) =>
        audit is null ? Task.CompletedTask : audit.RecordAsync(SecurityEvents.Event(
            by is null ? CommandLineActor : AuditActor.User(by.UserName), operation, AuditSubjects.User, [userName], outcome));

    private async Task<AuthenticatorEnrolment> EnrolAsync(ReassessUser user)
    {
        Check(await users.ResetAuthenticatorKeyAsync(user));
        Check(await users.SetTwoFactorEnabledAsync(user, true));
        var secret = await users.GetAuthenticatorKeyAsync(user)
            ?? throw new UserAdministrationException("The authenticator secret was not stored.");
        return new AuthenticatorEnrolment(user.UserName!, secret, OtpauthUri(user.UserName!, secret));
    }

    /// <summary>The Key URI Format authenticator apps read (issuer prefix and parameter, SHA-1, 6 digits, 30 s).</summary>
    public static string OtpauthUri(string userName, string secret) => string.Create(CultureInfo.InvariantCulture,
        $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{Uri.EscapeDataString(userName)}?secret={secret}&issuer={Uri.EscapeDataString(Issuer)}&algorithm=SHA1&digits=6&period=30");

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new UserAdministrationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    [GeneratedRegex("^[A-Z0-9]{2,16}$")]
    private static partial Regex ForceCode();
}
