using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Composition;
using Reassess.Security;
using Reassess.Storage;
using Reassess.Web.Cases;
using Reassess.Web.Security;

namespace Reassess.Web;

/// <summary>
/// Builds the review workbench. One place for the whole pipeline so that <c>reassess serve</c>, <c>dotnet run</c> and
/// the tests run exactly the same app. Configuration: <c>Reassess:Db</c> (as <c>--db</c>), <c>Reassess:KeysPath</c>
/// (a folder for the Data Protection keys; default: the database, shared by every server on it),
/// <c>Reassess:AuditKeyFile</c> (as <c>--audit-key</c>), <c>Reassess:SignInPermitsPerMinute</c>,
/// <c>Reassess:KnownProxies</c> and <c>Reassess:KnownNetworks</c> (the reverse proxies whose <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed; none by default), <c>Reassess:Hsts</c> (send Strict-Transport-Security on
/// HTTPS). See docs/operations.md.
/// </summary>
public static class ReassessWebApp
{
    public const string DbSetting = "Reassess:Db";
    public const string KeysPathSetting = "Reassess:KeysPath";
    public const string SignInPermitsSetting = "Reassess:SignInPermitsPerMinute";
    public const string AuditKeyFileSetting = "Reassess:AuditKeyFile";
    public const string KnownProxiesSetting = "Reassess:KnownProxies";
    public const string KnownNetworksSetting = "Reassess:KnownNetworks";
    public const string HstsSetting = "Reassess:Hsts";
    public const string JsonLogsSetting = "Reassess:JsonLogs";
    public const string WarmUpSetting = "Reassess:WarmUp";

    /// <summary>Sessions end after 15 minutes without a request (sliding) …</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);

    /// <summary>… and 8 hours after sign-in whatever happens.</summary>
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(8);

    public static WebApplication Build(string[] args, DatabaseTarget? target = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddReassessOptions(builder.Configuration, target);
        ConfigureServices(builder, target);
        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    /// <summary>
    /// Checks the configuration (<see cref="ReassessOptions"/>: an <see cref="OptionsValidationException"/> names each bad
    /// setting) and brings the schema up to date, before the first request.
    /// </summary>
    public static Task MigrateAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        ReassessWebAppSettings.Checked(app.Services);
        return ReassessDatabase.MigrateAsync(app.Services.GetRequiredService<DatabaseTarget>(), cancellationToken);
    }

    private static void ConfigureServices(WebApplicationBuilder builder, DatabaseTarget? target)
    {
        var services = builder.Services;
        // Read leniently here: a value that is not true or false is named by the check at start (ReassessOptionsValidator).
        if (bool.TryParse(builder.Configuration[JsonLogsSetting], out var jsonLogs) && jsonLogs)
        {
            // One JSON object a line for a log collector; the workbench's own log lines carry no personal data.
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole();
        }
        // The core's services, registered once for both shells; the database is resolved lazily so that settings given by
        // a test host (after this method runs) are seen.
        services.AddReassessCore(new ReassessCoreOptions
        {
            Database = sp => target ?? ConfiguredDatabase(sp.GetRequiredService<IConfiguration>()),
            AuditTrail = sp =>
            {
                var configuration = sp.GetRequiredService<IConfiguration>();
                return AuditTrail.For(sp.GetRequiredService<DatabaseTarget>(),
                    configuration[AuditKeyFileSetting] ?? configuration[AuditKeyStore.KeyFileEnvironmentVariable], sp.GetRequiredService<TimeProvider>(),
                    configuration[AuditKeyStore.KeyEnvironmentVariable]);
            },
        });

        services.AddReassessIdentityCore()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<ReassessClaimsPrincipalFactory>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies(cookies =>
            {
                cookies.ApplicationCookie!.Configure(ConfigureSessionCookie);
                cookies.TwoFactorUserIdCookie!.Configure(o =>
                {
                    o.Cookie.Name = "reassess.mfa";
                    o.Cookie.HttpOnly = true;
                    o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    o.Cookie.SameSite = SameSiteMode.Strict;
                    o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
                });
            });
        services.AddScoped<SessionValidator>();
        services.AddScoped<SecurityEventLog>();
        services.AddSingleton(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            return SecretProtector.For(sp.GetRequiredService<DatabaseTarget>(), configuration[AuditKeyFileSetting],
                configuration[SecretProtector.KeyEnvironmentVariable], configuration[SecretProtector.KeyFileEnvironmentVariable]);
        });
        services.AddScoped<CaseAccess>();
        services.AddHostedService<WarmUpOnStart>();
        services.AddSingleton<Assets.CompressedAssets>();
        services.AddSingleton<Pages.Cases.ReviewInputKeeper>();
        services.AddScoped<CurrentUser>();
        services.AddHttpContextAccessor();

        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddReassessPolicies();

        services.AddRazorPages(o => AuthorizationConventions.Apply(o.Conventions))
            .ConfigureApplicationPartManager(parts =>
            {
                // The pages live in this assembly, which is not the entry assembly when `reassess serve` runs it.
                var assembly = typeof(ReassessWebApp).Assembly;
                if (parts.ApplicationParts.OfType<AssemblyPart>().Any(p => p.Assembly == assembly)) return;
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                    parts.ApplicationParts.Add(part);
            });
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "reassess.af";
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.HeaderName = "RequestVerificationToken";
        });

        services.AddDataProtection().SetApplicationName("Reassess");
        // Resolved when the key ring is first needed, so that settings given by a test host are seen.
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            var folder = sp.GetRequiredService<IConfiguration>()[KeysPathSetting];
            o.XmlRepository = string.IsNullOrWhiteSpace(folder)
                ? new DatabaseKeyRing(sp.GetRequiredService<DatabaseTarget>())
                : new FileSystemXmlRepository(PrivateFolder(folder), sp.GetRequiredService<ILoggerFactory>());
            o.XmlEncryptor = new SecretKeyXmlEncryptor(sp.GetRequiredService<SecretProtector>());
        }));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (ctx, _) =>
            {
                var wait = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
                ctx.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return ValueTask.CompletedTask;
            };
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
            {
                if (!SignInRateLimit.Applies(ctx.Request)) return RateLimitPartition.GetNoLimiter("");
                var permits = ctx.RequestServices.GetRequiredService<IConfiguration>().GetValue(SignInPermitsSetting, 10);
                return RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });

        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, configuration) =>
        {
            // Only the configured proxies are believed (none by default, not even loopback): otherwise a client could
            // claim another address to slip past the sign-in rate limit, or claim HTTPS for itself (finding 9).
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in configuration.GetSection(KnownProxiesSetting).Get<string[]>() ?? SplitList(configuration[KnownProxiesSetting]))
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in configuration.GetSection(KnownNetworksSetting).Get<string[]>() ?? SplitList(configuration[KnownNetworksSetting]))
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            o.ForwardedHeaders = o.KnownProxies.Count + o.KnownIPNetworks.Count > 0
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
        });
        services.AddOptions<SecurityHeadersOptions>().Configure<IConfiguration>((o, configuration) => o.Hsts = configuration.GetValue(HstsSetting, false));
    }

    private static string[] SplitList(string? value) => (value ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A folder only its owner can enter (the Data Protection keys, when kept in files).</summary>
    private static DirectoryInfo PrivateFolder(string path)
    {
        var dir = OperatingSystem.IsWindows() ? Directory.CreateDirectory(path)
            : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return dir;
    }

    private static void ConfigureSessionCookie(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = "reassess.session";
        o.Cookie.HttpOnly = true;
        // Secure whenever the request came over HTTPS (directly or through the trusted local proxy).
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.ExpireTimeSpan = IdleTimeout;
        o.SlidingExpiration = true;
        o.LoginPath = "/sign-in";
        o.LogoutPath = "/sign-out";
        o.AccessDeniedPath = "/error/403";
        o.ReturnUrlParameter = "returnUrl";
        o.Events.OnValidatePrincipal = ctx => ctx.HttpContext.RequestServices.GetRequiredService<SessionValidator>().ValidateAsync(ctx);
        // Every session gets a record on the server, revoked by sign-out (finding 1); the cookie carries its token.
        o.Events.OnSigningIn = async ctx =>
        {
            var identity = (ClaimsIdentity)ctx.Principal!.Identity!;
            var userId = identity.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? throw new InvalidOperationException("A session without a user.");
            var token = await ctx.HttpContext.RequestServices.GetRequiredService<UserSessions>().StartAsync(userId, ctx.HttpContext.RequestAborted);
            identity.AddClaim(new Claim(ReassessClaims.Session, token));
        };
        // A real 403 rather than a redirect: the status tells the truth, and status pages render a plain message.
        o.Events.OnRedirectToAccessDenied = ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
        o.Events.OnRedirectToLogin = ctx =>
        {
            if (ctx.Request.Headers.ContainsKey("HX-Request"))
            {
                ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                ctx.Response.Headers["HX-Redirect"] = "/sign-in";
            }
            else
            {
                ctx.Response.Redirect(ctx.RedirectUri);
            }
            return Task.CompletedTask;
        };
    }

    /// <summary>The database from <c>Reassess:Db</c>, else <c>REASSESS_DB</c> (the core reads no environment itself).</summary>
    private static DatabaseTarget ConfiguredDatabase(IConfiguration configuration) =>
        DatabaseTarget.Parse(configuration[DbSetting] ?? configuration["REASSESS_DB"]);

    private static string KeysPath(IConfiguration configuration, DatabaseTarget? target)
    {
        var configured = configuration[KeysPathSetting];
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        target ??= ConfiguredDatabase(configuration);
        if (target.Engine == DatabaseEngine.Sqlite)
        {
            var file = Path.GetFullPath(new SqliteConnectionStringBuilder(target.ConnectionString).DataSource);
            return Path.Combine(Path.GetDirectoryName(file) ?? ".", Path.GetFileName(file) + ".keys");
        }
        return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "Reassess", "keys");
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseMiddleware<SecurityHeaders>();
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        app.Use(app.Services.GetRequiredService<Assets.CompressedAssets>().ServeAsync);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(ReassessWebApp).Assembly, "Reassess.Web.wwwroot"),
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.Use(RequestConnection.OpenAsync);
        app.UseAuthentication();
        // A review form posted after its session ended is kept for its user to find again after signing in (before authorization challenges).
        app.Use(app.Services.GetRequiredService<Pages.Cases.ReviewInputKeeper>().KeepAsync);
        app.UseMiddleware<AccessDeniedAudit>();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapGet("/healthz", () => Results.Text("alive")).AllowAnonymous();
        app.MapGet("/readyz", ReadyAsync).AllowAnonymous();
    }

    /// <summary>
    /// Readiness for a load balancer: the database answers and its schema is current, and the audit key can be read (or
    /// the trail is still empty). 503 otherwise, naming only which check failed.
    /// </summary>
    private static async Task<IResult> ReadyAsync(DatabaseTarget target, AuditTrail audit, CancellationToken cancellationToken) =>
        await Readiness.ProblemAsync(target, audit, cancellationToken) is { } problem
            ? Results.Text("not ready: " + problem, statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready");
}
