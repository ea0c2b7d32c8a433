using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Reassess.Access;
using Reassess.Storage;

namespace Reassess.Security;

/// <summary>
/// Checks authenticator (TOTP) codes, RFC 6238 (HMAC-SHA1, 6 digits, 30-second steps), so that each code is accepted
/// once (§5.2): the step of an accepted code is stored on the account (<see cref="ReassessUser.LastTotpStep"/>), and a
/// code of that step or an earlier one is refused, even from another session or another server. One step of clock drift
/// either way is allowed (the RFC's recommendation), not Identity's default of two.
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider(ReassessDbContext db, TimeProvider time) : IUserTwoFactorTokenProvider<ReassessUser>
{
    public const int StepSeconds = 30;
    public const int AllowedDriftSteps = 1;

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<ReassessUser> manager, ReassessUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        return !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));
    }

    /// <summary>Codes come from the user's authenticator app, never from the server.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<ReassessUser> manager, ReassessUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<ReassessUser> manager, ReassessUser user)
    {
        ArgumentNullException.ThrowIfNull(manager);
        ArgumentNullException.ThrowIfNull(user);
        if (token is null || token.Length != 6 || !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var code)) return false;
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key)) return false;
        var secret = Base32Decode(key);
        var now = time.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        for (var step = now - AllowedDriftSteps; step <= now + AllowedDriftSteps; step++)
        {
            if (user.LastTotpStep is { } last && step <= last) continue;
            if (!CryptographicOperations.FixedTimeEquals(BitConverter.GetBytes(Code(secret, step)), BitConverter.GetBytes(code))) continue;
            // Claimed atomically: of two sign-ins racing with one code, on one server or two, only one updates the row.
            var claimed = await db.Users.Where(u => u.Id == user.Id && (u.LastTotpStep == null || u.LastTotpStep < step))
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTotpStep, step));
            if (claimed == 0) return false;
            user.LastTotpStep = step;
            return true;
        }
        return false;
    }

    /// <summary>The 6-digit code of a time step (RFC 4226 dynamic truncation).</summary>
    public static int Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[20];
        HMACSHA1.HashData(secret, counter, hash);
        var offset = hash[^1] & 0x0f;
        return (BinaryPrimitives.ReadInt32BigEndian(hash.Slice(offset, 4)) & 0x7fffffff) % 1_000_000;
    }

    /// <summary>RFC 4648 base32, as Identity writes authenticator keys (upper case, no padding).</summary>
    public static byte[] Base32Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>(text.Length * 5 / 8);
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('=').ToUpperInvariant())
        {
            var value = alphabet.IndexOf(c, StringComparison.Ordinal);
            if (value < 0) continue;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. bytes];
    }
}
