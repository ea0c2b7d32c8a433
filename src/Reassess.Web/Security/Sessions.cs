using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Reassess.Access;
using Reassess.Security;
using Reassess.Storage;

namespace Reassess.Web.Security;

/// <summary>The claims the workbench puts in a session: role and force from the user record, and when they signed in.</summary>
public static class ReassessClaims
{
    public const string Force = "reassess:force";
    public const string SignedInAt = "reassess:signed_in_at";

    /// <summary>The token of the server-side session (<see cref="UserSession"/>); the database holds only its hash.</summary>
    public const string Session = "reassess:session";
}

/// <summary>Turns a <see cref="ReassessUser"/> into the session's claims (role from <see cref="ReassessUser.Role"/>).</summary>
public sealed class ReassessClaimsPrincipalFactory(UserManager<ReassessUser> users, IOptions<IdentityOptions> options, TimeProvider time)
    : UserClaimsPrincipalFactory<ReassessUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ReassessUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, user.Role));
        if (user.Force is not null) identity.AddClaim(new Claim(ReassessClaims.Force, user.Force));
        identity.AddClaim(new Claim(ReassessClaims.SignedInAt, time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return identity;
    }
}

/// <summary>
/// Checks the session on every request: its server-side record (<see cref="UserSession"/>) exists and has not been
/// revoked (sign-out, disabling the account or resetting its authenticator revoke it, on every server sharing the
/// database, from the next request on), the account still exists, is not disabled, its security stamp is unchanged,
/// and the session is younger than the absolute limit (<see cref="ReassessOptions.AbsoluteTimeout"/>, 8 hours by default). The idle limit is
/// the cookie's sliding expiry. One indexed lookup by primary key per request, uncached, so a revocation is never late.
/// </summary>
public sealed class SessionValidator(ReassessDbContext db, IOptions<IdentityOptions> options, IOptions<ReassessOptions> settings, TimeProvider time)
{
    public async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!await IsValidAsync(context.Principal))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
        }
    }

    private sealed record StoredSession(bool Disabled, string? SecurityStamp, string Role, string? Force);

    // Every request runs it: compiled once.
    private static readonly Func<ReassessDbContext, string, string, Task<StoredSession?>> SessionUser = EF.CompileAsyncQuery(
        (ReassessDbContext db, string sessionId, string userId) =>
            (from s in db.Set<UserSession>().AsNoTracking()
             join u in db.Users.AsNoTracking() on s.UserId equals u.Id
             where s.Id == sessionId && s.RevokedAt == null && u.Id == userId
             select new StoredSession(u.Disabled, u.SecurityStamp, u.Role, u.Force)).FirstOrDefault());

    private async Task<bool> IsValidAsync(ClaimsPrincipal? principal)
    {
        if (principal is null) return false;
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        var signedIn = principal.FindFirstValue(ReassessClaims.SignedInAt);
        var session = principal.FindFirstValue(ReassessClaims.Session);
        if (id is null || stamp is null || session is null || !long.TryParse(signedIn, CultureInfo.InvariantCulture, out var seconds)) return false;
        if (time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds) > settings.Value.AbsoluteTimeout) return false;
        var user = await SessionUser(db, UserSessions.Hash(session), id);
        return user is not null && !user.Disabled && user.SecurityStamp == stamp
            && user.Role == principal.FindFirstValue(options.Value.ClaimsIdentity.RoleClaimType)
            && user.Force == principal.FindFirstValue(ReassessClaims.Force);
    }
}

/// <summary>The signed-in user of the current request, for pages and services (role, force, name).</summary>
public sealed class CurrentUser(IHttpContextAccessor accessor, IOptions<IdentityOptions> options)
{
    private ClaimsPrincipal Principal => accessor.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsSignedIn => Principal.Identity?.IsAuthenticated == true;

    public string Id => Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw NotSignedIn();

    public string UserName => Principal.FindFirstValue(options.Value.ClaimsIdentity.UserNameClaimType) ?? throw NotSignedIn();

    public string Role => Principal.FindFirstValue(options.Value.ClaimsIdentity.RoleClaimType) ?? throw NotSignedIn();

    /// <summary>The user's force; null for roles that span forces.</summary>
    public string? Force => Principal.FindFirstValue(ReassessClaims.Force);

    public bool Is(string role) => IsSignedIn && Role == role;

    /// <summary>The user as the core's services see them.</summary>
    public Actor Actor => new(UserName, Role, Force);

    /// <summary>
    /// Whether the user may see case data of <paramref name="force"/> at all: their own force for force roles, every force for
    /// national oversight (subject to a recorded justification), none for auditors and administrators.
    /// </summary>
    public bool MaySeeCasesOf(string force) => IsSignedIn && CaseRules.MaySeeCasesOf(Actor, force);

    private static InvalidOperationException NotSignedIn() => new("No user is signed in.");
}
