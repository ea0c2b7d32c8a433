using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Reassess.Security;
using Reassess.Storage;

namespace Reassess.Access;

/// <summary>
/// The Identity set-up shared by the CLI and the workbench, so that a user created by <c>reassess users add</c> signs in
/// with exactly the rules the web app enforces.
/// </summary>
public static class AccessServices
{
    /// <summary>Failed attempts (password or code) before an account is locked.</summary>
    public const int MaxFailedAttempts = 5;

    /// <summary>How long a locked account stays locked.</summary>
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Registers Identity's user manager on the <see cref="ReassessDbContext"/> (which the caller registers, with a
    /// <see cref="SecretProtector"/>), with authenticator keys encrypted at rest, one-time TOTP codes, the common-password
    /// check, server-side sessions and <see cref="UserAdministration"/>.
    /// </summary>
    public static IdentityBuilder AddReassessIdentityCore(this IServiceCollection services)
    {
        services.AddScoped<UserAdministration>();
        services.AddScoped<UserSessions>();
        services.AddScoped<CaseAccessJustifications>();
        var builder = services.AddIdentityCore<ReassessUser>(Configure)
            .AddEntityFrameworkStores<ReassessDbContext>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddTokenProvider<OneTimeAuthenticatorTokenProvider>(TokenOptions.DefaultAuthenticatorProvider);
        services.Replace(ServiceDescriptor.Scoped<IUserStore<ReassessUser>, ProtectedUserStore>());
        return builder;
    }

    /// <summary>Password, lockout and sign-in rules (OWASP ASVS 5.0 level 2: length over composition rules).</summary>
    public static void Configure(IdentityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Password.RequiredLength = 12;
        options.Password.RequireDigit = false;
        options.Password.RequireLowercase = false;
        options.Password.RequireUppercase = false;
        options.Password.RequireNonAlphanumeric = false;
        options.Password.RequiredUniqueChars = 4;
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = MaxFailedAttempts;
        options.Lockout.DefaultLockoutTimeSpan = LockoutDuration;
        options.User.RequireUniqueEmail = false;
        options.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._";
        options.SignIn.RequireConfirmedAccount = false;
        options.Tokens.AuthenticatorTokenProvider = TokenOptions.DefaultAuthenticatorProvider;
    }
}
