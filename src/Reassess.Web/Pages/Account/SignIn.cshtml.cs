using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Access;

namespace Reassess.Web.Pages.Account;

/// <summary>Step one of sign-in: user name and password. Step two (<see cref="SignInCodeModel"/>) asks for the TOTP code.</summary>
public sealed class SignInModel(SignInManager<ReassessUser> signIn, UserManager<ReassessUser> users) : PageModel
{
    [BindProperty, Required]
    public string UserName { get; set; } = "";

    [BindProperty, Required, DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            Message = "Enter your user name and password.";
            return Page();
        }
        var user = await users.FindByNameAsync(UserName.Trim());
        // Every account must have an authenticator: one without is refused rather than let in on a password alone.
        if (user is null || user.Disabled || !user.TwoFactorEnabled)
        {
            Message = NotRight;
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor) return RedirectToPage("SignInCode", new { returnUrl = SafeReturnUrl(ReturnUrl) });
        if (result.Succeeded)
        {
            // Unreachable while TwoFactorEnabled is checked above; never leave a password-only session behind.
            await signIn.SignOutAsync();
            Message = NotRight;
            return Page();
        }
        Message = result.IsLockedOut ? LockedOut : NotRight;
        return Page();
    }

    internal const string NotRight = "The user name or password is not right.";

    internal const string LockedOut = "This account is locked after too many failed attempts. Try again in 15 minutes, or ask your administrator.";

    internal static string? SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) ? url : null;
}
