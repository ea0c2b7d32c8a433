using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;
using Reassess.Access;
using Reassess.Web.Security;

namespace Reassess.Web.Pages.Users;

/// <summary>
/// Accounts: administrators manage every account, force leads their own force's reviewers and supervisors. New accounts
/// are created here (or with <c>reassess users add</c>) with their role, force and an authenticator enrolment shown once
/// as a QR code. Disabling ends the account's sessions at once and resetting the authenticator replaces it, so both ask
/// for confirmation first: a post without <c>Confirmed=true</c> only shows the question. Refusals are real statuses:
/// another force's account is 404 (as if it did not exist), a peer or wider account 403, one's own account 409; the
/// rules are <see cref="UserAdministration"/>'s, which audits each change and refusal.
/// </summary>
public sealed class IndexModel(UserAdministration admin, CurrentUser me) : PageModel
{
    public IReadOnlyList<UserSummary> Accounts { get; private set; } = [];
    public AuthenticatorEnrolment? Enrolment { get; private set; }
    public string? QrDataUri { get; private set; }
    public string? Notice { get; private set; }
    public List<string> Problems { get; } = [];

    /// <summary>A disable or reset waiting for the administrator's confirmation.</summary>
    public PendingAction? Pending { get; private set; }

    [BindProperty] public string? NewUserName { get; set; }
    [BindProperty] public string? NewRole { get; set; }
    [BindProperty] public string? NewForce { get; set; }
    [BindProperty] public string? NewPassword { get; set; }

    /// <summary>The force whose accounts this user manages; null for an administrator (every account).</summary>
    private string? Scope => me.Is(Roles.Admin) ? null : me.Force;

    /// <summary>The roles this user may give a new account: every role for an administrator, reviewer and supervisor for a force lead.</summary>
    public IReadOnlyList<string> CreatableRoles => me.Is(Roles.Admin) ? Roles.All : [Roles.Reviewer, Roles.Supervisor];

    /// <summary>The force a force lead's new accounts belong to (their own); null for an administrator, who chooses.</summary>
    public string? FixedForce => Scope;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Accounts = await admin.ListAsync(Scope, cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var name = NewUserName?.Trim() ?? "";
        var role = NewRole?.Trim() ?? "";
        var force = FixedForce ?? NewForce;
        if (name.Length == 0) Problems.Add("Give the new account a user name.");
        if (!CreatableRoles.Contains(role)) Problems.Add("Choose the new account's role.");
        if (string.IsNullOrEmpty(NewPassword)) Problems.Add("Give the new account an initial password.");
        if (Problems.Count == 0)
        {
            try
            {
                Enrolment = await admin.AddAsync(name, role, Roles.IsForceScoped(role) ? force : null, NewPassword!, me.Actor);
                QrDataUri = QrCode(Enrolment.OtpauthUri);
                Notice = $"{name} is created as {role.Replace('_', ' ')}{(Roles.IsForceScoped(role) ? " of " + force?.Trim().ToUpperInvariant() : "")}.";
                NewUserName = NewRole = NewForce = null;
            }
            catch (UserAdministrationForbiddenException)
            {
                return StatusCode(StatusCodes.Status403Forbidden);
            }
            catch (UserAdministrationException ex)
            {
                // Core words its refusals for the command line; say the same in the form's terms.
                Problems.Add(ex.Message.Replace("do not give --force", "leave the force empty", StringComparison.Ordinal)
                    .Replace("give --force", "choose its force", StringComparison.Ordinal));
            }
        }
        NewPassword = null;
        Accounts = await admin.ListAsync(Scope, cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostDisableAsync(string name, bool confirmed, CancellationToken cancellationToken) =>
        ActAsync(name, confirmed, new PendingAction("Disable", name, $"Disable {name}?",
            $"{name} is signed out everywhere at once and cannot sign in until the account is enabled again.", $"Yes, disable {name}"),
            async () => { await admin.DisableAsync(name, me.Actor); Notice = $"{name} is disabled and signed out everywhere."; }, cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(string name, CancellationToken cancellationToken) =>
        ActAsync(name, confirmed: true, null, async () => { await admin.EnableAsync(name, me.Actor); Notice = $"{name} is enabled."; }, cancellationToken);

    public Task<IActionResult> OnPostResetMfaAsync(string name, bool confirmed, CancellationToken cancellationToken) =>
        ActAsync(name, confirmed, new PendingAction("ResetMfa", name, $"Reset the authenticator of {name}?",
            $"The authenticator {name} uses now stops working at once and their sessions end; the new one is shown here once, to give them in person.",
            $"Yes, reset the authenticator of {name}"),
            async () =>
            {
                Enrolment = await admin.ResetMfaAsync(name, me.Actor);
                QrDataUri = QrCode(Enrolment.OtpauthUri);
                Notice = $"{name} has a new authenticator secret; the old one no longer works.";
            }, cancellationToken);

    private static string QrCode(string otpauthUri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(otpauthUri, QRCodeGenerator.ECCLevel.M);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
    }

    private async Task<IActionResult> ActAsync(string name, bool confirmed, PendingAction? question, Func<Task> action, CancellationToken cancellationToken)
    {
        var account = (await admin.ListAsync(Scope, cancellationToken)).FirstOrDefault(a => string.Equals(a.UserName, name, StringComparison.OrdinalIgnoreCase));
        if (account is null) return NotFound();
        if (!confirmed && question is not null)
        {
            Pending = question with { UserName = account.UserName };
            Accounts = await admin.ListAsync(Scope, cancellationToken);
            return Page();
        }
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

/// <summary>A disable or authenticator reset the page asks about before doing it.</summary>
/// <param name="Handler">The handler the confirmation posts to.</param>
/// <param name="UserName">The account.</param>
/// <param name="Question">The heading.</param>
/// <param name="Consequence">What happens, in plain words.</param>
/// <param name="ConfirmText">The confirming button's text.</param>
public sealed record PendingAction(string Handler, string UserName, string Question, string Consequence, string ConfirmText);
