using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Reassess.Web.Tests.Operations;

/// <summary>
/// Issue 22 finding 15: the workbench's configuration (<see cref="ReassessOptions"/>) is checked at start, and a bad
/// value stops it with a message naming the setting: one test per rule, and one with a real <c>reassess serve</c>.
/// </summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("reassess-config-");

    private string DbFile => Path.Combine(_dir.FullName, "reassess.db");

    public void Dispose()
    {
        try { _dir.Delete(recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }

    /// <summary>The failures of the app built with <paramref name="settings"/> (none: valid).</summary>
    private async Task<IReadOnlyList<string>> FailuresAsync(params (string Key, string Value)[] settings)
    {
        string[] args = [.. settings.Any(s => s.Key == ReassessWebApp.DbSetting) ? [] : new[] { $"--{ReassessWebApp.DbSetting}={DbFile}" },
            .. settings.Select(s => $"--{s.Key}={s.Value}")];
        await using var app = ReassessWebApp.Build(args);
        try
        {
            ReassessWebAppSettings.Checked(app.Services);
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
    }

    private async Task AssertRefusedAsync(string setting, string value, string why)
    {
        var failures = await FailuresAsync((setting, value));
        var failure = Assert.Single(failures);
        Assert.StartsWith(setting + ":", failure, StringComparison.Ordinal);
        Assert.Contains(why, failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_configuration_passes_and_its_session_limits_are_used()
    {
        Assert.Empty(await FailuresAsync(
            (ReassessWebApp.KnownProxiesSetting, "127.0.0.1,::1"), (ReassessWebApp.KnownNetworksSetting, "10.0.0.0/24"),
            (ReassessWebApp.HstsSetting, "true"), (ReassessWebApp.SignInPermitsSetting, "20"),
            (ReassessOptionsValidator.SessionIdleSetting, "30"), (ReassessOptionsValidator.SessionMaxSetting, "4")));
        await using var app = ReassessWebApp.Build([$"--{ReassessWebApp.DbSetting}={DbFile}", $"--{ReassessOptionsValidator.SessionIdleSetting}=30"]);
        var options = ReassessWebAppSettings.Checked(app.Services);
        Assert.Equal(TimeSpan.FromMinutes(30), options.IdleTimeout);
        Assert.Equal(TimeSpan.FromHours(8), options.AbsoluteTimeout);
        var cookie = app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        Assert.Equal(TimeSpan.FromMinutes(30), cookie.ExpireTimeSpan);
    }

    [Fact]
    public Task A_known_proxy_that_is_not_an_ip_address_is_refused() =>
        AssertRefusedAsync(ReassessWebApp.KnownProxiesSetting, "proxy.example", "'proxy.example' is not an IP address");

    [Fact]
    public Task A_known_network_that_is_not_a_cidr_network_is_refused() =>
        AssertRefusedAsync(ReassessWebApp.KnownNetworksSetting, "10.0.0.0/99", "is not a CIDR network");

    [Fact]
    public Task A_negative_session_idle_timeout_is_refused() =>
        AssertRefusedAsync(ReassessOptionsValidator.SessionIdleSetting, "-5", "-5 is out of range");

    [Fact]
    public Task A_session_limit_that_is_not_a_number_is_refused() =>
        AssertRefusedAsync(ReassessOptionsValidator.SessionMaxSetting, "eight", "'eight' is not a whole number");

    [Fact]
    public Task An_idle_timeout_not_shorter_than_the_absolute_limit_is_refused() =>
        AssertRefusedAsync(ReassessOptionsValidator.SessionIdleSetting, "600", "is not shorter than Reassess:SessionMaxHours");

    [Fact]
    public Task No_sign_in_permits_is_refused() =>
        AssertRefusedAsync(ReassessWebApp.SignInPermitsSetting, "0", "0 is out of range");

    [Fact]
    public Task Hsts_that_is_not_true_or_false_is_refused() =>
        AssertRefusedAsync(ReassessWebApp.HstsSetting, "yes", "'yes' is not true or false");

    [Fact]
    public Task An_unknown_database_engine_is_refused() =>
        AssertRefusedAsync(ReassessWebApp.DbSetting, "mysql://db.example/reassess", "unknown database engine 'mysql'");

    [Fact]
    public Task An_empty_database_setting_is_refused() =>
        AssertRefusedAsync(ReassessWebApp.DbSetting, "", "empty; give a SQLite file or a PostgreSQL connection string");

    [Fact]
    public Task A_database_that_is_a_folder_is_refused() =>
        AssertRefusedAsync(ReassessWebApp.DbSetting, Path.GetTempPath(), "is a folder; give the SQLite database file");

    [Fact]
    public Task A_postgresql_connection_string_without_a_database_is_refused() =>
        AssertRefusedAsync(ReassessWebApp.DbSetting, "Host=127.0.0.1;Username=reassess", "names no Database");

    [Fact]
    public async Task Every_bad_setting_is_named_at_once()
    {
        var failures = await FailuresAsync((ReassessWebApp.KnownProxiesSetting, "x"), (ReassessWebApp.JsonLogsSetting, "maybe"), (ReassessWebApp.WarmUpSetting, "soon"));
        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.StartsWith(ReassessWebApp.WarmUpSetting + ":", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith(ReassessWebApp.KnownProxiesSetting + ":", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith(ReassessWebApp.JsonLogsSetting + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reassess_serve_with_a_bad_setting_stops_at_start_naming_it_before_touching_the_database()
    {
        var (exitCode, output) = await ServeProcess.RunAsync(
            new Dictionary<string, string> { ["Reassess__KnownProxies"] = "proxy.example" },
            "serve", "--db", DbFile, "--urls", $"http://127.0.0.1:{ServeProcess.FreePort()}");
        Assert.Equal(1, exitCode);
        Assert.Contains("Reassess:KnownProxies: 'proxy.example' is not an IP address", output, StringComparison.Ordinal);
        Assert.False(File.Exists(DbFile), "the database was created before the configuration was checked");
    }
}
