using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Storage;

namespace Reassess.Security;

/// <summary>
/// Identity's user store with the authenticator (TOTP) key encrypted at rest by <see cref="SecretProtector"/>: the
/// <c>user_tokens</c> row holds ciphertext, and only a process holding the secrets key can compute codes from it.
/// </summary>
public sealed class ProtectedUserStore(ReassessDbContext context, SecretProtector protector, IdentityErrorDescriber? describer = null)
    : UserStore<ReassessUser, IdentityRole, ReassessDbContext>(context, describer)
{
    public override Task SetAuthenticatorKeyAsync(ReassessUser user, string key, CancellationToken cancellationToken) =>
        base.SetAuthenticatorKeyAsync(user, protector.Protect(key, SecretProtector.AuthenticatorKeys), cancellationToken);

    public override async Task<string?> GetAuthenticatorKeyAsync(ReassessUser user, CancellationToken cancellationToken)
    {
        var stored = await base.GetAuthenticatorKeyAsync(user, cancellationToken);
        return stored is null ? null : protector.Unprotect(stored, SecretProtector.AuthenticatorKeys);
    }
}
