using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Security;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Account;

/// <summary>
/// Step two of sign-in: the TOTP code, each accepted once (<see cref="OneTimeAuthenticatorTokenProvider"/>). Failed codes
/// count towards lockout like failed passwords. Success and failure are security events in the audit trail.
/// </summary>
public sealed class SignInCodeModel(SignInManager<ReassessUser> signIn, SecurityEventLog events) : PageModel
{
    [BindProperty, Required]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("SignIn") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null || user.Disabled) return RedirectToPage("SignIn");
        var code = new string([.. (Code ?? "").Where(char.IsAsciiDigit)]);
        var result = await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            await events.RecordUserAsync(user.UserName!, SecurityEvents.SignIn, AuditOutcome.Success);
            // Url.IsLocalUrl as well: the redirect must never throw (a 500) on a path it would refuse.
            var returnUrl = SignInModel.SafeReturnUrl(ReturnUrl);
            return LocalRedirect(returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
        }
        await events.RecordUserAsync(user.UserName!, SecurityEvents.SignInFailed, AuditOutcome.Failure);
        if (result.IsLockedOut) await events.RecordUserAsync(user.UserName!, SecurityEvents.LockedOut, AuditOutcome.Denied);
        Message = result.IsLockedOut ? SignInModel.NotRight : "That code is not right, or it was used already. Codes change every 30 seconds: enter the next one shown.";
        return Page();
    }
}
