using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using QRCoder;
using Reassess.Access;
using Reassess.Composition;
using Reassess.Security;
using Reassess.Storage;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Reassess.Cli.Commands;

/// <summary>Settings of the <c>users</c> commands that name one account.</summary>
public class UserNameSettings : DatabaseSettings
{
    [CommandArgument(0, "<NAME>")]
    [Description("The user name.")]
    public string Name { get; init; } = "";
}

/// <summary><c>reassess users add NAME --role R [--force F] --password-stdin</c>.</summary>
public sealed class UsersAddCommand(IAnsiConsole console) : AsyncCommand<UsersAddCommand.Settings>
{
    public sealed class Settings : UserNameSettings
    {
        [CommandOption("--role <ROLE>")]
        [Description("reviewer, supervisor, force_lead, national_oversight, auditor or admin.")]
        public string? Role { get; init; }

        [CommandOption("--force <FORCE>")]
        [Description("The force code (reviewer, supervisor and force_lead only).")]
        public string? Force { get; init; }

        [CommandOption("--password-stdin")]
        [Description("Read the password from the first line of standard input (at least 12 characters).")]
        public bool PasswordStdin { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(settings.Role)) throw new UsageException("Give the user's --role.");
        string password;
        if (settings.PasswordStdin) password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n') ?? "";
        else if (Terminal.IsInteractive) password = await console.PromptAsync(new TextPrompt<string>("Password:").Secret(), cancellationToken);
        else throw new UsageException("Give the password on standard input with --password-stdin.");

        var enrolment = await UsersCli.RunAsync(settings, admin => admin.AddAsync(settings.Name, settings.Role, settings.Force, password));
        console.MarkupLineInterpolated($"Created [bold]{enrolment.UserName}[/] ({settings.Role.ToLowerInvariant()}{(settings.Force is null ? "" : ", " + settings.Force.ToUpperInvariant())}).");
        UsersCli.PrintEnrolment(console, enrolment);
        return ExitCodes.Success;
    }
}

/// <summary><c>reassess users list</c>.</summary>
public sealed class UsersListCommand(IAnsiConsole console) : AsyncCommand<DatabaseSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, DatabaseSettings settings, CancellationToken cancellationToken)
    {
        var list = await UsersCli.RunAsync(settings, admin => admin.ListAsync(cancellationToken: cancellationToken));
        if (list.Count == 0)
        {
            console.WriteLine("No users yet. Add one with: reassess users add NAME --role ROLE --force FORCE --password-stdin");
            return ExitCodes.Success;
        }
        var table = new TerminalTable("user", "role", "force", "state", "authenticator", "created (UTC)");
        foreach (var u in list)
        {
            var state = u.Disabled ? "disabled" : u.LockedUntil is { } until ? $"locked until {until:yyyy-MM-dd HH:mm}" : "active";
            table.AddRow(u.UserName, u.Role, u.Force ?? "–", state, u.MfaEnrolled ? "enrolled" : "none", u.CreatedAt.ToString("yyyy-MM-dd HH:mm", null));
        }
        table.Write(console);
        return ExitCodes.Success;
    }
}

/// <summary><c>reassess users disable NAME</c>.</summary>
public sealed class UsersDisableCommand(IAnsiConsole console) : AsyncCommand<UserNameSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, UserNameSettings settings, CancellationToken cancellationToken)
    {
        await UsersCli.RunAsync(settings, async admin => { await admin.DisableAsync(settings.Name); return 0; });
        console.MarkupLineInterpolated($"Disabled [bold]{settings.Name}[/]: signed out everywhere, and cannot sign in.");
        return ExitCodes.Success;
    }
}

/// <summary><c>reassess users enable NAME</c>.</summary>
public sealed class UsersEnableCommand(IAnsiConsole console) : AsyncCommand<UserNameSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, UserNameSettings settings, CancellationToken cancellationToken)
    {
        await UsersCli.RunAsync(settings, async admin => { await admin.EnableAsync(settings.Name); return 0; });
        console.MarkupLineInterpolated($"Enabled [bold]{settings.Name}[/].");
        return ExitCodes.Success;
    }
}

/// <summary><c>reassess users reset-mfa NAME</c>: a new authenticator secret; the old one stops working.</summary>
public sealed class UsersResetMfaCommand(IAnsiConsole console) : AsyncCommand<UserNameSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, UserNameSettings settings, CancellationToken cancellationToken)
    {
        var enrolment = await UsersCli.RunAsync(settings, admin => admin.ResetMfaAsync(settings.Name));
        console.MarkupLineInterpolated($"New authenticator for [bold]{enrolment.UserName}[/]; the old one no longer works and open sessions have ended.");
        UsersCli.PrintEnrolment(console, enrolment);
        return ExitCodes.Success;
    }
}

internal static class UsersCli
{
    /// <summary>Runs one user-administration step on the database of <paramref name="settings"/>, audited with its audit key.</summary>
    public static Task<T> RunAsync<T>(DatabaseSettings settings, Func<UserAdministration, Task<T>> step)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return RunAsync(settings.Target, settings.AuditKey, step);
    }

    /// <summary>Runs one user-administration step on a migrated database, mapping refusals to exit code 1.</summary>
    public static async Task<T> RunAsync<T>(DatabaseTarget target, Func<UserAdministration, Task<T>> step) => await RunAsync(target, null, step);

    private static async Task<T> RunAsync<T>(DatabaseTarget target, string? auditKey, Func<UserAdministration, Task<T>> step)
    {
        await ReassessDatabase.MigrateAsync(target);
        var services = new ServiceCollection();
        services.AddLogging();
        // Account changes are security events in the audit trail (actor: the command line's user); secrets are encrypted.
        services.AddReassessCore(new ReassessCoreOptions { Database = _ => target, AuditTrail = _ => ShellEnvironment.AuditTrail(target, auditKey) });
        services.AddSingleton(SecretProtector.For(target, auditKey, Environment.GetEnvironmentVariable(SecretProtector.KeyEnvironmentVariable), Environment.GetEnvironmentVariable(SecretProtector.KeyFileEnvironmentVariable)));
        services.AddReassessIdentityCore();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var administration = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        administration.CommandLineActor = ShellEnvironment.AuditActorName;
        return await step(administration);
    }

    /// <summary>The otpauth:// URI and a QR code drawn in the terminal for the user's authenticator app.</summary>
    public static void PrintEnrolment(IAnsiConsole console, AuthenticatorEnrolment enrolment)
    {
        // Written past Spectre's line wrapping: a wrapped URI or QR code cannot be copied or scanned.
        var output = console.Profile.Out.Writer;
        output.WriteLine("Scan this with the user's authenticator app, or enter the secret by hand:");
        output.WriteLine($"secret: {enrolment.Secret}");
        output.WriteLine(enrolment.OtpauthUri);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(enrolment.OtpauthUri, QRCodeGenerator.ECCLevel.M);
        using var qr = new AsciiQRCode(data);
        output.WriteLine(qr.GetGraphicSmall());
        output.Flush();
    }
}
