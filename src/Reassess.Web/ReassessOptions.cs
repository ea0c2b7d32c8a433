using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Reassess.Storage;

namespace Reassess.Web;

/// <summary>
/// The workbench's settings, section <c>Reassess</c> of the configuration (<c>appsettings.json</c>, then environment
/// variables such as <c>Reassess__Hsts</c>, then command-line options): docs/operations.md lists them. They are checked
/// when the app starts (<see cref="ReassessOptionsValidator"/>): a bad value stops it with a message naming the setting.
/// </summary>
public sealed class ReassessOptions
{
    public const string Section = "Reassess";

    /// <summary><c>Reassess:Db</c>: SQLite file or PostgreSQL connection string (else <c>REASSESS_DB</c>, else <c>./reassess.db</c>).</summary>
    public string? Db { get; set; }

    public string? KeysPath { get; set; }

    public string? AuditKeyFile { get; set; }

    public string? SignInPermitsPerMinute { get; set; }

    public string? Hsts { get; set; }

    public string? JsonLogs { get; set; }

    /// <summary><c>Reassess:WarmUp</c>: prepare the first case page once the server has started (<see cref="Cases.WarmUpOnStart"/>).</summary>
    public string? WarmUp { get; set; }

    /// <summary><c>Reassess:SessionIdleMinutes</c>: a session ends after this long without a request (sliding).</summary>
    public string? SessionIdleMinutes { get; set; }

    /// <summary><c>Reassess:SessionMaxHours</c>: … and this long after sign-in whatever happens.</summary>
    public string? SessionMaxHours { get; set; }

    /// <summary>The idle limit as read (checked at start; the default when unset).</summary>
    public TimeSpan IdleTimeout => TimeSpan.FromMinutes(ReadInt(SessionIdleMinutes) ?? (int)ReassessWebApp.IdleTimeout.TotalMinutes);

    /// <summary>The absolute limit as read (checked at start; the default when unset).</summary>
    public TimeSpan AbsoluteTimeout => TimeSpan.FromHours(ReadInt(SessionMaxHours) ?? (int)ReassessWebApp.AbsoluteTimeout.TotalHours);

    internal static int? ReadInt(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}

/// <summary>
/// The checks of <see cref="ReassessOptions"/>, each failure naming the setting, the value's problem and what is expected.
/// The proxy lists are read from the configuration itself (an array or one comma-separated value, as the app reads them).
/// </summary>
public sealed class ReassessOptionsValidator(IConfiguration configuration, DatabaseTarget? given) : IValidateOptions<ReassessOptions>
{
    public ValidateOptionsResult Validate(string? name, ReassessOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok) errors.Add(message);
        }

        CheckDatabase(options, errors);
        foreach (var proxy in ReassessWebAppSettings.List(configuration, ReassessWebApp.KnownProxiesSetting))
            Check(IPAddress.TryParse(proxy, out _), $"{ReassessWebApp.KnownProxiesSetting}: '{proxy}' is not an IP address (give the proxy's address, e.g. 127.0.0.1; networks go in {ReassessWebApp.KnownNetworksSetting}).");
        foreach (var network in ReassessWebAppSettings.List(configuration, ReassessWebApp.KnownNetworksSetting))
            Check(System.Net.IPNetwork.TryParse(network, out _), $"{ReassessWebApp.KnownNetworksSetting}: '{network}' is not a CIDR network (e.g. 10.0.0.0/24).");
        CheckInt(options.SignInPermitsPerMinute, ReassessWebApp.SignInPermitsSetting, 1, 10_000, errors);
        CheckInt(options.SessionIdleMinutes, SessionIdleSetting, 1, 24 * 60, errors);
        CheckInt(options.SessionMaxHours, SessionMaxSetting, 1, 24, errors);
        if (errors.Count == 0)
            Check(options.IdleTimeout < options.AbsoluteTimeout,
                $"{SessionIdleSetting}: {options.IdleTimeout.TotalMinutes} minutes is not shorter than {SessionMaxSetting} ({options.AbsoluteTimeout.TotalHours} hours).");
        CheckBool(options.Hsts, ReassessWebApp.HstsSetting, errors);
        CheckBool(options.JsonLogs, ReassessWebApp.JsonLogsSetting, errors);
        CheckBool(options.WarmUp, ReassessWebApp.WarmUpSetting, errors);
        if (!string.IsNullOrWhiteSpace(options.KeysPath))
            Check(!File.Exists(options.KeysPath), $"{ReassessWebApp.KeysPathSetting}: '{options.KeysPath}' is a file; give a folder for the Data Protection keys (or leave it unset to keep them in the database).");
        if (!string.IsNullOrWhiteSpace(options.AuditKeyFile))
            Check(!Directory.Exists(options.AuditKeyFile), $"{ReassessWebApp.AuditKeyFileSetting}: '{options.AuditKeyFile}' is a folder; give the audit key file.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public const string SessionIdleSetting = "Reassess:SessionIdleMinutes";
    public const string SessionMaxSetting = "Reassess:SessionMaxHours";

    private void CheckDatabase(ReassessOptions options, List<string> errors)
    {
        // Given by the shell (reassess serve --db) or read from the configuration.
        var configured = configuration[ReassessWebApp.DbSetting];
        var raw = given is null ? configured ?? configuration["REASSESS_DB"] : null;
        var setting = configured is not null ? ReassessWebApp.DbSetting : "REASSESS_DB";
        if (raw is not null && string.IsNullOrWhiteSpace(raw))
        {
            errors.Add($"{setting}: empty; give a SQLite file or a PostgreSQL connection string (or leave it unset for ./reassess.db).");
            return;
        }
        DatabaseTarget target;
        try
        {
            target = given ?? DatabaseTarget.Parse(raw);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException or KeyNotFoundException)
        {
            errors.Add($"{setting}: not a SQLite file or PostgreSQL connection string ({ex.Message}).");
            return;
        }
        if (target.Engine == DatabaseEngine.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(target.ConnectionString).DataSource;
            var scheme = file.IndexOf("://", StringComparison.Ordinal);
            if (scheme > 0)
            {
                errors.Add($"{setting}: unknown database engine '{file[..scheme]}': Reassess runs on SQLite (a file path) or PostgreSQL (postgres://… or Host=…;Database=…).");
                return;
            }
            if (file.Length == 0 || file == ":memory:")
            {
                errors.Add($"{setting}: no database file; give a SQLite file path.");
                return;
            }
            // A missing file (and its folder) is created by the migration at start: a new database.
            if (Directory.Exists(file)) errors.Add($"{setting}: '{file}' is a folder; give the SQLite database file.");
        }
        else
        {
            var b = new NpgsqlConnectionStringBuilder(target.ConnectionString);
            if (string.IsNullOrWhiteSpace(b.Host)) errors.Add($"{setting}: the PostgreSQL connection string names no Host.");
            if (string.IsNullOrWhiteSpace(b.Database)) errors.Add($"{setting}: the PostgreSQL connection string names no Database.");
        }
    }

    private static void CheckInt(string? value, string setting, int min, int max, List<string> errors)
    {
        if (value is null) return;
        var n = ReassessOptions.ReadInt(value.Trim());
        if (n is null) errors.Add($"{setting}: '{value}' is not a whole number (from {min} to {max}).");
        else if (n < min || n > max) errors.Add($"{setting}: {n} is out of range (from {min} to {max}).");
    }

    private static void CheckBool(string? value, string setting, List<string> errors)
    {
        if (value is not null && !bool.TryParse(value.Trim(), out _)) errors.Add($"{setting}: '{value}' is not true or false.");
    }
}

/// <summary>Registration of <see cref="ReassessOptions"/>, checked at start, and the settings that follow from it.</summary>
public static class ReassessWebAppSettings
{
    /// <summary>Binds and checks the <c>Reassess</c> section (the check runs at start, and on the first read of the options).</summary>
    public static IServiceCollection AddReassessOptions(this IServiceCollection services, IConfiguration configuration, DatabaseTarget? given)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ReassessOptions>().Bind(configuration.GetSection(ReassessOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReassessOptions>>(sp => new ReassessOptionsValidator(sp.GetRequiredService<IConfiguration>(), given));
        // The session limits of the configuration: the cookie's sliding expiry is the idle limit.
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .PostConfigure<IOptions<ReassessOptions>>((o, reassess) => o.ExpireTimeSpan = reassess.Value.IdleTimeout);
        return services;
    }

    /// <summary>
    /// The settings checked, or an <see cref="OptionsValidationException"/> naming each bad one: what <c>reassess serve</c>
    /// and the web entry point call before touching the database.
    /// </summary>
    public static ReassessOptions Checked(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<IOptions<ReassessOptions>>().Value;
    }

    /// <summary>A list setting given as an array (<c>Reassess:KnownProxies:0</c>…) or one value separated by commas, semicolons or spaces.</summary>
    public static IReadOnlyList<string> List(IConfiguration configuration, string key)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration.GetSection(key).Get<string[]>()
            ?? (configuration[key] ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
