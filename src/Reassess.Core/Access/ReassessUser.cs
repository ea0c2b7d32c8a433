using Microsoft.AspNetCore.Identity;

namespace Reassess.Access;

/// <summary>A person who signs in to Reassess. Every user has exactly one role and, except national and admin roles, one force.</summary>
public sealed class ReassessUser : IdentityUser
{
    /// <summary>The force whose cases the user may see; null for roles that span forces.</summary>
    public string? Force { get; set; }

    /// <summary>One of <see cref="Roles"/>.</summary>
    public string Role { get; set; } = Roles.Reviewer;

    public bool Disabled { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The latest TOTP time step (Unix seconds / 30) accepted for this account: a code of that step or an earlier one is
    /// refused, so each code signs in once (RFC 6238 §5.2).
    /// </summary>
    public long? LastTotpStep { get; set; }
}

/// <summary>The roles of the review workbench (issue: need-to-know, enforced on the server).</summary>
public static class Roles
{
    public const string Reviewer = "reviewer";
    public const string Supervisor = "supervisor";
    public const string ForceLead = "force_lead";
    public const string NationalOversight = "national_oversight";
    public const string Auditor = "auditor";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reviewer, Supervisor, ForceLead, NationalOversight, Auditor, Admin];

    /// <summary>Roles whose holders belong to one force.</summary>
    public static bool IsForceScoped(string role) => role is Reviewer or Supervisor or ForceLead;
}
