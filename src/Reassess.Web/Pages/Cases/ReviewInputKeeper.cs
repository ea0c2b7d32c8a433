using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Reassess.Web.Pages.Cases;

/// <summary>
/// Keeps a review form posted after its session ended (idle timeout, or the session revoked) so that what was typed comes
/// back after signing in again (issue 21, item 2). It runs after authentication: a POST to a review page from a browser whose
/// session cookie still carries a readable ticket, but no valid session, is kept in memory under the ticket's user and
/// the case, and the browser is sent to sign in with the review page as the return address. The review page gives the
/// input back (<see cref="Take"/>) only to the same user, once, within <see cref="KeptFor"/>, into the form, unsaved.
/// The session cookie is SameSite=Strict and the antiforgery token is checked against the ended session's user, so
/// another site cannot leave input for someone. Kept in this server's memory: a restart loses it (the autosaved draft,
/// seconds old, is in the database).
/// </summary>
public sealed class ReviewInputKeeper(TimeProvider clock, IOptionsMonitor<CookieAuthenticationOptions> cookies, IAntiforgery antiforgery)
{
    /// <summary>How long kept input waits for its user to sign in again: a working day, the absolute session limit.</summary>
    public static readonly TimeSpan KeptFor = ReassessWebApp.AbsoluteTimeout;

    /// <summary>A cap on kept forms, so that a flood of posts cannot fill the server's memory.</summary>
    public const int MostKept = 10_000;

    /// <summary>The header review.js sends with an autosave, which is answered with JSON rather than a redirect.</summary>
    public const string AutosaveHeader = "X-Reassess-Autosave";

    /// <summary>The fields of one kept form, in the order posted, and when it was kept.</summary>
    public sealed record KeptInput(IReadOnlyList<KeyValuePair<string, string>> Fields, DateTimeOffset At)
    {
        public FormCollection AsForm() => new(Fields.GroupBy(f => f.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new StringValues([.. g.Select(f => f.Value)]), StringComparer.Ordinal));
    }

    private readonly ConcurrentDictionary<(string UserId, long CaseId), KeptInput> _kept = new();

    /// <summary>The middleware: keeps a review form posted without a valid session, then sends the browser to sign in.</summary>
    public async Task KeepAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!HttpMethods.IsPost(context.Request.Method) || context.User.Identity?.IsAuthenticated == true
            || !context.Request.HasFormContentType || CaseOf(context.Request.Path) is not { } caseId
            || EndedSessionUser(context) is not { } user)
        {
            await next(context);
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var anonymous = context.User;
        context.User = user;
        var genuine = await antiforgery.IsRequestValidAsync(context);
        context.User = anonymous;
        if (!genuine)
        {
            await next(context);
            return;
        }
        Keep(user.FindFirstValue(ClaimTypes.NameIdentifier)!, caseId, form);
        var signIn = "/sign-in?returnUrl=" + Uri.EscapeDataString($"/cases/{caseId.ToString(CultureInfo.InvariantCulture)}/review");
        if (context.Request.Headers.ContainsKey(AutosaveHeader))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                status = "signed_out",
                message = "your session has ended; what you typed is kept for you: sign in again to carry on",
                signIn,
            }), context.RequestAborted);
            return;
        }
        context.Response.Redirect(signIn);
    }

    /// <summary>Keeps <paramref name="form"/> (without its antiforgery token) for the user and case, replacing older input.</summary>
    public void Keep(string userId, long caseId, IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var now = clock.GetUtcNow();
        foreach (var old in _kept.Where(k => now - k.Value.At > KeptFor).ToList()) _kept.TryRemove(old.Key, out _);
        if (_kept.Count >= MostKept && !_kept.ContainsKey((userId, caseId))) return;
        var fields = form.Where(f => f.Key != "__RequestVerificationToken")
            .SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? "")))
            .ToList();
        _kept[(userId, caseId)] = new KeptInput(fields, now);
    }

    /// <summary>The input kept for the user and case, removed as it is given back; null when there is none (or it is too old).</summary>
    public KeptInput? Take(string userId, long caseId) =>
        _kept.TryRemove((userId, caseId), out var kept) && clock.GetUtcNow() - kept.At <= KeptFor ? kept : null;

    /// <summary>The case id of a review page path (<c>/cases/{id}/review</c>), else null.</summary>
    private static long? CaseOf(PathString path)
    {
        var parts = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts is ["cases", var id, "review"] && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>
    /// The user of the session cookie the request still carries, read whatever its expiry (the cookie handler refused it, or the
    /// server revoked the session): only to know whose input this is, never to act for them.
    /// </summary>
    private ClaimsPrincipal? EndedSessionUser(HttpContext context)
    {
        var options = cookies.Get(IdentityConstants.ApplicationScheme);
        if (options.Cookie.Name is not { } name || options.CookieManager.GetRequestCookie(context, name) is not { Length: > 0 } value) return null;
        var principal = options.TicketDataFormat.Unprotect(value)?.Principal;
        return principal?.FindFirstValue(ClaimTypes.NameIdentifier) is null ? null : principal;
    }
}
