namespace Reassess.Access;

/// <summary>
/// Who is doing something, as the core sees them: the signed-in user's name, their role (one of <see cref="Roles"/>) and,
/// for force-scoped roles, their force. The web app builds it from the user's claims; the CLI from its options.
/// </summary>
public sealed record Actor(string UserName, string Role, string? Force)
{
    /// <summary>True when the actor belongs to <paramref name="force"/> (forces compare case-insensitively, as exported).</summary>
    public bool IsOfForce(string force) => Force is not null && string.Equals(Force, force, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="userName"/> names this actor (Identity user names are case-insensitive).</summary>
    public bool Is(string? userName) => userName is not null && string.Equals(UserName, userName, StringComparison.OrdinalIgnoreCase);
}
