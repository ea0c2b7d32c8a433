using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Security;
using Reassess.Web.Security;

namespace Reassess.Web.Pages;

/// <summary>Signing out revokes the session on the server (a copy of the cookie stops working at once), then deletes the cookie.</summary>
[Authorize(Policy = Policies.SignedIn)]
public sealed class SignOutModel(SignInManager<ReassessUser> signIn, UserSessions sessions, SecurityEventLog events, CurrentUser me) : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        var token = User.FindFirst(ReassessClaims.Session)?.Value;
        if (token is not null) await sessions.RevokeAsync(token, HttpContext.RequestAborted);
        await events.RecordUserAsync(me.UserName, SecurityEvents.SignOut, AuditOutcome.Success, HttpContext.RequestAborted);
        await signIn.SignOutAsync();
        return Redirect("/sign-in");
    }
}
