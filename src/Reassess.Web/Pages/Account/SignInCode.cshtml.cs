using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Access;

namespace Reassess.Web.Pages.Account;

/// <summary>Step two of sign-in: the TOTP code. Failed codes count towards lockout like failed passwords.</summary>
public sealed class SignInCodeModel(SignInManager<ReassessUser> signIn) : PageModel
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
        if (result.Succeeded) return LocalRedirect(SignInModel.SafeReturnUrl(ReturnUrl) ?? "/");
        Message = result.IsLockedOut ? SignInModel.LockedOut : "That code is not right. Codes change every 30 seconds: enter the one shown now.";
        return Page();
    }
}
