using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Reassess.Access;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Web.Tests.Support;

/// <summary>One seeded account of the test workbench.</summary>
public sealed record TestUser(string Name, string Role, string? Force);

/// <summary>
/// The workbench in memory (WebApplicationFactory) on a fresh migrated database with one account per role and force.
/// Sign-in goes through the real pages: password, then a TOTP code computed from the account's secret.
/// </summary>
public sealed partial class Workbench : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "correct horse battery staple";

    public static readonly TestUser ReviewerA = new("rev.a", Roles.Reviewer, "FA");
    public static readonly TestUser ReviewerA2 = new("rev2.a", Roles.Reviewer, "FA");
    public static readonly TestUser SupervisorA = new("sup.a", Roles.Supervisor, "FA");
    public static readonly TestUser SupervisorA2 = new("sup2.a", Roles.Supervisor, "FA");
    public static readonly TestUser ForceLeadA = new("lead.a", Roles.ForceLead, "FA");
    public static readonly TestUser ReviewerB = new("rev.b", Roles.Reviewer, "FB");
    public static readonly TestUser SupervisorB = new("sup.b", Roles.Supervisor, "FB");
    public static readonly TestUser National = new("national", Roles.NationalOversight, null);
    public static readonly TestUser Auditor = new("auditor", Roles.Auditor, null);
    public static readonly TestUser Admin = new("admin", Roles.Admin, null);

    public static readonly IReadOnlyList<TestUser> Users = [ReviewerA, ReviewerA2, SupervisorA, SupervisorA2, ForceLeadA, ReviewerB, SupervisorB, National, Auditor, Admin];

    /// <summary>One account per role (force A for the force roles): the rows of the access matrix.</summary>
    public static readonly IReadOnlyList<TestUser> OnePerRole = [ReviewerA, SupervisorA, ForceLeadA, National, Auditor, Admin];

    private readonly Dictionary<string, string> _secrets = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _usedSteps = new();
    private readonly int _signInPermits;
    private readonly Dictionary<string, string?> _settings = [];
    private TestDatabase? _db;
    private bool _ownsDatabase = true;

    public Workbench() : this(signInPermitsPerMinute: 10_000) { }

    public Workbench(int signInPermitsPerMinute, FakeTimeProvider? clock = null)
    {
        _signInPermits = signInPermitsPerMinute;
        Clock = clock;
    }

    public FakeTimeProvider? Clock { get; }

    /// <summary>Sets a configuration value of the app (before its first request).</summary>
    public Workbench With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>
    /// A second server on the same database (as two <c>reassess serve</c> behind one proxy): it shares the accounts, the
    /// Data Protection keys and the sessions through the database, and its own memory with nothing.
    /// </summary>
    public Workbench AnotherServer()
    {
        var other = new Workbench(_signInPermits, Clock) { _db = _db, _ownsDatabase = false, Cases = Cases };
        foreach (var (name, secret) in _secrets) other._secrets[name] = secret;
        return other;
    }

    public DatabaseTarget Target => _db?.Target ?? throw new InvalidOperationException("Not initialised.");

    public string SecretOf(TestUser user) => _secrets[user.Name];

    /// <summary>Candidate ids of <see cref="CaseData"/> by crime reference.</summary>
    public Dictionary<string, long> Cases { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await using var scope = Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<UserAdministration>();
        foreach (var u in Users)
            _secrets[u.Name] = (await admin.AddAsync(u.Name, u.Role, u.Force, Password)).Secret;
        Cases = await CaseData.SeedAsync(Target);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_db is not null && _ownsDatabase) await _db.DisposeAsync();
        _db = null;
        GC.SuppressFinalize(this);
    }

    /// <summary>A started workbench for one test: <c>await using var app = await Workbench.StartAsync();</c>.</summary>
    public static async Task<Workbench> StartAsync(int signInPermitsPerMinute = 10_000, FakeTimeProvider? clock = null)
    {
        var app = new Workbench(signInPermitsPerMinute, clock);
        await app.InitializeAsync();
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(Environment.GetEnvironmentVariable("REASSESS_TEST_ENV") ?? "Production");
        builder.UseSetting(ReassessWebApp.DbSetting, Target.ConnectionString);
        builder.UseSetting(ReassessWebApp.SignInPermitsSetting, _signInPermits.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        if (Clock is not null) builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A client that keeps cookies and does not follow redirects.</summary>
    public HttpClient NewClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through the pages (password, then TOTP code) and returns the signed-in client.</summary>
    public async Task<HttpClient> SignInAsync(TestUser user)
    {
        var client = NewClient();
        var step1 = await PostFormAsync(client, "/sign-in", "/sign-in", new() { ["UserName"] = user.Name, ["Password"] = Password });
        Assert.Equal(HttpStatusCode.Redirect, step1.StatusCode);
        Assert.StartsWith("/sign-in/code", step1.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var step2 = await PostFormAsync(client, "/sign-in/code", "/sign-in/code", new() { ["Code"] = await FreshCodeAsync(user) });
        Assert.Equal(HttpStatusCode.Redirect, step2.StatusCode);
        Assert.Equal("/", step2.Headers.Location!.OriginalString);
        return client;
    }

    /// <summary>
    /// The user's current code (on the app's clock). A code is accepted once; tests sign the same user in many times
    /// within one 30-second step, so when this step's code was already used the account's record of it is forgotten
    /// first, as if the next step had come.
    /// </summary>
    public async Task<string> FreshCodeAsync(TestUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = Clock?.GetUtcNow() ?? DateTimeOffset.UtcNow;
        var step = now.ToUnixTimeSeconds() / 30;
        if (_usedSteps.TryGetValue(user.Name, out var used) && used >= step) await ForgetUsedCodesAsync(Services, user.Name);
        _usedSteps[user.Name] = step;
        return Totp.Code(SecretOf(user), now);
    }

    /// <summary>Forgets which authenticator codes the account used (test support only: see <see cref="FreshCodeAsync"/>).</summary>
    public static async Task ForgetUsedCodesAsync(IServiceProvider services, string userName)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReassessDbContext>();
        await db.Users.Where(u => u.UserName == userName).ExecuteUpdateAsync(u => u.SetProperty(x => x.LastTotpStep, (long?)null));
    }

    /// <summary>GETs <paramref name="formPage"/>, takes its antiforgery token, and posts the fields to <paramref name="action"/>.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formPage, string action, Dictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(fields);
        var page = await client.GetStringAsync(formPage);
        fields["__RequestVerificationToken"] = AntiforgeryToken(page);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    public static string AntiforgeryToken(string html)
    {
        var m = TokenField().Match(html ?? "");
        Assert.True(m.Success, "The page has no antiforgery token field.");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}

/// <summary>A <see cref="Workbench"/> shared by the tests of one class (xUnit class fixtures need a single constructor).</summary>
public sealed class SharedWorkbench : IAsyncLifetime
{
    public Workbench App { get; } = new();

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => App.DisposeAsync().AsTask();
}
