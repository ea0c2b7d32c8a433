using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Reassess.Access;

namespace Reassess.Web.Security;

/// <summary>
/// The named authorization policies. Every page carries exactly one (or is explicitly anonymous): a page folder gets its
/// policy in <see cref="AuthorizationConventions"/>, a page outside those folders names one with
/// <c>[Authorize(Policy = Policies.…)]</c>. A test enumerates every endpoint and fails on one without.
/// Force scoping (a case of another force is "not found") is checked per resource by the pages, on top of these.
/// </summary>
public static class Policies
{
    /// <summary>Any signed-in user (home page, sign-out).</summary>
    public const string SignedIn = "signed-in";

    /// <summary>Working a force's queue and cases: reviewers, supervisors and force leads of that force.</summary>
    public const string ForceCaseWork = "force-case-work";

    /// <summary>Reading a case's detail: the force roles, and national oversight after recording a justification.</summary>
    public const string CaseData = "case-data";

    /// <summary>Assigning, approving, returning and reopening reviews.</summary>
    public const string Supervision = "supervision";

    /// <summary>Aggregate views (reports, dashboards).</summary>
    public const string Reports = "reports";

    /// <summary>National oversight's cross-force views.</summary>
    public const string NationalOversight = "national-oversight";

    /// <summary>The audit trail; no case data.</summary>
    public const string Audit = "audit";

    /// <summary>User management: administrators (every user) and force leads (their force's users).</summary>
    public const string UserManagement = "user-management";

    /// <summary>Exporting a force's approved referrals to the national operation: a disclosure only a force lead makes.</summary>
    public const string ReferralExport = "referral-export";

    /// <summary>Which roles each policy admits.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RolesOf = new Dictionary<string, string[]>
    {
        [SignedIn] = [.. Roles.All],
        [ForceCaseWork] = [Roles.Reviewer, Roles.Supervisor, Roles.ForceLead],
        [CaseData] = [Roles.Reviewer, Roles.Supervisor, Roles.ForceLead, Roles.NationalOversight],
        [Supervision] = [Roles.Supervisor],
        [Reports] = [Roles.Supervisor, Roles.ForceLead, Roles.NationalOversight],
        [NationalOversight] = [Roles.NationalOversight],
        [Audit] = [Roles.Auditor],
        [UserManagement] = [Roles.Admin, Roles.ForceLead],
        [ReferralExport] = [Roles.ForceLead],
    };

    public static AuthorizationBuilder AddReassessPolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (name, roles) in RolesOf)
            builder.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireRole(roles));
        return builder;
    }
}

/// <summary>Policy per page folder: a new page under one of these folders inherits its folder's policy.</summary>
public static class AuthorizationConventions
{
    public static readonly IReadOnlyDictionary<string, string> FolderPolicies = new Dictionary<string, string>
    {
        ["/Queue"] = Policies.ForceCaseWork,
        ["/Work"] = Policies.ForceCaseWork,
        ["/Cases"] = Policies.CaseData,
        ["/Supervision"] = Policies.Supervision,
        ["/Reports"] = Policies.Reports,
        ["/Oversight"] = Policies.NationalOversight,
        ["/Audit"] = Policies.Audit,
        ["/Users"] = Policies.UserManagement,
    };

    public static void Apply(PageConventionCollection conventions)
    {
        ArgumentNullException.ThrowIfNull(conventions);
        foreach (var (folder, policy) in FolderPolicies) conventions.AuthorizeFolder(folder, policy);
        conventions.AllowAnonymousToFolder("/Account");
    }
}
