using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Security;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Account;

/// <summary>Step one of sign-in: user name and password. Step two (<see cref="SignInCodeModel"/>) asks for the TOTP code.</summary>
/// <remarks>
/// An answer must not tell whether an account exists (issue 22, finding 8): an unknown, disabled or locked account gets
/// the same words as a wrong password, after the same work (a password hash is checked either way), and every refusal
/// is answered no sooner than <see cref="RefusalFloor"/> after the request came, so that the database writes of a real
/// account's failed attempt (its failure count) do not tell it apart either.
/// </remarks>
public sealed class SignInModel(SignInManager<ReassessUser> signIn, UserManager<ReassessUser> users, IPasswordHasher<ReassessUser> hasher, SecurityEventLog events) : PageModel
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

    /// <summary>The least time a refused attempt takes: longer than a wrong password's check and writes on a busy server.</summary>
    internal static readonly TimeSpan RefusalFloor = TimeSpan.FromMilliseconds(600);

    public async Task<IActionResult> OnPostAsync()
    {
        var started = Stopwatch.GetTimestamp();
        var result = await AttemptAsync();
        if (result is PageResult)
        {
            var left = RefusalFloor - Stopwatch.GetElapsedTime(started);
            if (left > TimeSpan.Zero) await Task.Delay(left, HttpContext.RequestAborted);
        }
        return result;
    }

    private async Task<IActionResult> AttemptAsync()
    {
        if (!ModelState.IsValid)
        {
            Message = "Enter your user name and password.";
            return Page();
        }
        var user = await users.FindByNameAsync(UserName.Trim());
        // Every account must have an authenticator: one without is refused rather than let in on a password alone.
        if (user is null || user.Disabled || !user.TwoFactorEnabled || await users.IsLockedOutAsync(user))
        {
            SpendAsMuchAsAPasswordCheck(Password);
            if (user is null) await events.RecordAsync(SecurityEvents.UnknownAccount, SecurityEvents.SignInFailed, AuditSubjects.User, [], AuditOutcome.Failure);
            else await events.RecordUserAsync(user.UserName!, SecurityEvents.SignInFailed, AuditOutcome.Denied);
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
        await events.RecordUserAsync(user.UserName!, SecurityEvents.SignInFailed, AuditOutcome.Failure);
        if (result.IsLockedOut) await events.RecordUserAsync(user.UserName!, SecurityEvents.LockedOut, AuditOutcome.Denied);
        Message = NotRight;
        return Page();
    }

    /// <summary>One wording for every refusal: a wrong password, an unknown account, a disabled or a locked one.</summary>
    internal const string NotRight = "The user name or password is not right, or the account is locked. After too many failed attempts an account is locked for 15 minutes; ask your administrator if it stays locked.";

    /// <summary>A local path to go to after sign-in, or null: never another host, never a control character (it would not redirect).</summary>
    internal static string? SafeReturnUrl(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.Any(char.IsControl) && !url.Contains('\\', StringComparison.Ordinal) ? url : null;

    // Verifying against a hash of the same algorithm and cost as a real account's takes as long as a real check.
    private static string? _dummyHash;

    private void SpendAsMuchAsAPasswordCheck(string password)
    {
        var dummy = new ReassessUser();
        _dummyHash ??= hasher.HashPassword(dummy, "an unused password for timing only");
        hasher.VerifyHashedPassword(dummy, _dummyHash, password ?? "");
    }
}
