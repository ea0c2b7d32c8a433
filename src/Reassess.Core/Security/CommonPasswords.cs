using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;
using Reassess.Access;

namespace Reassess.Security;

/// <summary>
/// Refuses new passwords that are common or breached (OWASP ASVS 5.0 6.2.4, issue 22 finding 7): one on the shipped list,
/// one of those with digits or symbols added at either end ("password1234"), or a short unit repeated
/// ("passwordpassword"). Applies wherever a password is set, the CLI and the workbench alike.
/// </summary>
/// <remarks>
/// The list (<c>common-passwords.txt</c>, embedded) is the 10,000 most frequent entries of the breached-password
/// frequency list of <c>@zxcvbn-ts/language-common</c> 4.1.3 (npm, MIT; derived from zxcvbn's list of Dropbox, itself
/// from leaked password corpora), lower-cased, printable ASCII, at least 4 characters. Regenerate with
/// <c>npm pack @zxcvbn-ts/language-common@4.1.3</c> and the filter above applied to <c>src/passwords.json</c>.
/// </remarks>
public sealed class CommonPasswordValidator : IPasswordValidator<ReassessUser>
{
    private static readonly Lazy<FrozenSet<string>> List = new(Load);

    public const string ErrorCode = "CommonPassword";

    public Task<IdentityResult> ValidateAsync(UserManager<ReassessUser> manager, ReassessUser user, string? password) =>
        Task.FromResult(password is not null && IsCommon(password)
            ? IdentityResult.Failed(new IdentityError { Code = ErrorCode, Description = "This password is too common: it appears in lists of breached passwords. Choose a longer phrase of unrelated words." })
            : IdentityResult.Success);

    /// <summary>Whether <paramref name="password"/> is common, breached or trivially derived from one.</summary>
    public static bool IsCommon(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var p = password.Trim().ToLowerInvariant();
        if (List.Value.Contains(p)) return true;
        var core = p.Trim(Padding);
        if (core.Length == 0 || (core.Length >= 4 && List.Value.Contains(core))) return true;
        for (var unit = 1; unit <= p.Length / 2; unit++)
        {
            if (p.Length % unit == 0 && IsRepeated(p, unit)) return true;
        }
        return false;
    }

    private static readonly char[] Padding = [.. "0123456789!@#$%^&*()-_=+.,;:?~'\"`[]{}<>/\\|"];

    private static bool IsRepeated(string p, int unit)
    {
        for (var i = unit; i < p.Length; i++)
        {
            if (p[i] != p[i - unit]) return false;
        }
        return true;
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Reassess.Security.common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded.");
        using var reader = new StreamReader(stream);
        var words = new List<string>(10_000);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0) words.Add(line);
        }
        return words.ToFrozenSet(StringComparer.Ordinal);
    }
}
