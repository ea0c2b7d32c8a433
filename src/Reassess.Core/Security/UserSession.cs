using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Reassess.Storage;

namespace Reassess.Security;

/// <summary>
/// A signed-in session, held on the server so that signing out, disabling an account or resetting its authenticator
/// ends it at once, on every server sharing the database (issue 22, findings 1 and 13). The cookie carries a random
/// token; the table keeps only its SHA-256 hash, so a copy of the table cannot be turned into a cookie.
/// </summary>
public sealed class UserSession
{
    /// <summary>Hex SHA-256 of the token in the session cookie.</summary>
    public required string Id { get; set; }

    public required string UserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the session was ended on the server (sign-out, account disabled, authenticator reset); null while it is open.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> b)
    {
        b.ToTable("user_sessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).HasMaxLength(64);
        b.Property(s => s.UserId).HasMaxLength(450);
        b.HasIndex(s => s.UserId);
    }
}

/// <summary>Starts, checks and revokes <see cref="UserSession"/>s.</summary>
public sealed class UserSessions(ReassessDbContext db, TimeProvider time)
{
    /// <summary>No session outlives this (the workbench's absolute limit); older rows are pruned when a user signs in.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    /// <summary>Records a new session for <paramref name="userId"/> and returns its token (for the cookie only).</summary>
    public async Task<string> StartAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var now = time.GetUtcNow();
        var expired = now - Lifetime - TimeSpan.FromMinutes(1);
        await db.Set<UserSession>().Where(s => s.UserId == userId && s.CreatedAt < expired).ExecuteDeleteAsync(cancellationToken);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        db.Set<UserSession>().Add(new UserSession { Id = Hash(token), UserId = userId, CreatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
        return token;
    }

    /// <summary>Ends the session with <paramref name="token"/>; true when it was open.</summary>
    public async Task<bool> RevokeAsync(string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var id = Hash(token);
        var now = time.GetUtcNow();
        return await db.Set<UserSession>().Where(s => s.Id == id && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now), cancellationToken) > 0;
    }

    /// <summary>Ends every open session of the account; returns how many were open.</summary>
    public async Task<int> RevokeAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userId);
        var now = time.GetUtcNow();
        return await db.Set<UserSession>().Where(s => s.UserId == userId && s.RevokedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedAt, now), cancellationToken);
    }

    /// <summary>The stored id of a token.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
