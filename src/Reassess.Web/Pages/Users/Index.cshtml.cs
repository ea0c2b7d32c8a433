using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;
using Reassess.Access;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Users;

/// <summary>
/// Accounts: administrators manage every account, force leads their own force's reviewers and supervisors. Disabling
/// ends the account's sessions at once; resetting the authenticator shows the new enrolment once. No case data here.
/// Refusals are real statuses: another force's account is 404 (as if it did not exist), a peer or wider account 403,
/// one's own account 409; the rules are <see cref="UserAdministration"/>'s, which audits each change and refusal.
/// </summary>
public sealed class IndexModel(UserAdministration admin, CurrentUser me) : PageModel
{
    public IReadOnlyList<UserSummary> Accounts { get; private set; } = [];
    public AuthenticatorEnrolment? Enrolment { get; private set; }
    public string? QrDataUri { get; private set; }
    public string? Notice { get; private set; }

    /// <summary>The force whose accounts this user manages; null for an administrator (every account).</summary>
    private string? Scope => me.Is(Roles.Admin) ? null : me.Force;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Accounts = await admin.ListAsync(Scope, cancellationToken);

    public Task<IActionResult> OnPostDisableAsync(string name, CancellationToken cancellationToken) =>
        ActAsync(name, async () => { await admin.DisableAsync(name, me.Actor); Notice = $"{name} is disabled and signed out everywhere."; }, cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(string name, CancellationToken cancellationToken) =>
        ActAsync(name, async () => { await admin.EnableAsync(name, me.Actor); Notice = $"{name} is enabled."; }, cancellationToken);

    public Task<IActionResult> OnPostResetMfaAsync(string name, CancellationToken cancellationToken) =>
        ActAsync(name, async () =>
        {
            Enrolment = await admin.ResetMfaAsync(name, me.Actor);
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(Enrolment.OtpauthUri, QRCodeGenerator.ECCLevel.M);
            QrDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
            Notice = $"{name} has a new authenticator secret; the old one no longer works.";
        }, cancellationToken);

    private async Task<IActionResult> ActAsync(string name, Func<Task> action, CancellationToken cancellationToken)
    {
        var account = (await admin.ListAsync(Scope, cancellationToken)).FirstOrDefault(a => string.Equals(a.UserName, name, StringComparison.OrdinalIgnoreCase));
        if (account is null) return NotFound();
        try
        {
            await action();
        }
        catch (UserAdministrationForbiddenException)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        catch (UserAdministrationConflictException)
        {
            return StatusCode(StatusCodes.Status409Conflict);
        }
        Accounts = await admin.ListAsync(Scope, cancellationToken);
        return Page();
    }
}
