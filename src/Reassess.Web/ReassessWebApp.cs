using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.FileProviders;
using Reassess.Access;
using Reassess.Audit;
using Reassess.Reviews;
using Reassess.Storage;
using Reassess.Web.Cases;
using Reassess.Web.Oversight;
using Reassess.Web.Security;

namespace Reassess.Web;

/// <summary>
/// Builds the review workbench. One place for the whole pipeline so that <c>reassess serve</c>, <c>dotnet run</c> and
/// the tests run exactly the same app. Configuration: <c>Reassess:Db</c> (as <c>--db</c>), <c>Reassess:KeysPath</c>
/// (Data Protection keys; default: a folder next to the SQLite file), <c>Reassess:AuditKeyFile</c> (as <c>--audit-key</c>),
/// <c>Reassess:SignInPermitsPerMinute</c>.
/// </summary>
public static class ReassessWebApp
{
    public const string DbSetting = "Reassess:Db";
    public const string KeysPathSetting = "Reassess:KeysPath";
    public const string SignInPermitsSetting = "Reassess:SignInPermitsPerMinute";
    public const string AuditKeyFileSetting = "Reassess:AuditKeyFile";

    /// <summary>Sessions end after 15 minutes without a request (sliding) …</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);

    /// <summary>… and 8 hours after sign-in whatever happens.</summary>
    public static readonly TimeSpan AbsoluteTimeout = TimeSpan.FromHours(8);

    public static WebApplication Build(string[] args, DatabaseTarget? target = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        ConfigureServices(builder, target);
        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    /// <summary>Brings the schema up to date before the first request.</summary>
    public static Task MigrateAsync(WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        return ReassessDatabase.MigrateAsync(app.Services.GetRequiredService<DatabaseTarget>(), cancellationToken);
    }

    private static void ConfigureServices(WebApplicationBuilder builder, DatabaseTarget? target)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        // Resolved lazily so that settings given by a test host (after this method runs) are seen.
        services.AddSingleton(sp => target ?? DatabaseTarget.Parse(sp.GetRequiredService<IConfiguration>()[DbSetting]));
        // Pooled: a request's context is reset and reused by a later request instead of being built again.
        services.AddSingleton(sp => ReassessDatabase.CreatePool(sp.GetRequiredService<DatabaseTarget>()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ReassessDbContext>>().CreateDbContext());

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
        services.AddSingleton(sp => AuditTrail.For(sp.GetRequiredService<DatabaseTarget>(),
            sp.GetRequiredService<IConfiguration>()[AuditKeyFileSetting], sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<AuditTrail>());
        services.AddScoped<ReviewService>();
        services.AddScoped<ReviewQueries>();
        services.AddScoped<CaseQueries>();
        services.AddScoped<CaseAccess>();
        services.AddScoped<CaseNetworkQueries>();
        services.AddScoped<CaseExplainer>();
        services.AddScoped<OversightQueries>();
        services.AddScoped<Reassess.Prioritisation.QueueSearch>();
        services.AddScoped<Reassess.Prioritisation.Notifications>();
        services.AddSingleton<CachedLinkageFacts>();
        services.AddSingleton<CaseViewCache>();
        services.AddSingleton<ProfileCatalogue>();
        services.AddSingleton<ScreenedValuesCache>();
        services.AddSingleton<QueueCounts>();
        services.AddSingleton<QueueCounts>();
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

        services.AddDataProtection()
            .SetApplicationName("Reassess")
            .PersistKeysToFileSystem(new DirectoryInfo(KeysPath(builder.Configuration, target)));

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
            {
                if (!SignInRateLimit.Applies(ctx.Request)) return RateLimitPartition.GetNoLimiter("");
                var permits = ctx.RequestServices.GetRequiredService<IConfiguration>().GetValue(SignInPermitsSetting, 10);
                return RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });

        services.Configure<ForwardedHeadersOptions>(o =>
            // Only a proxy on this machine is trusted (the defaults), so a client cannot claim HTTPS for itself.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);
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

    private static string KeysPath(IConfiguration configuration, DatabaseTarget? target)
    {
        var configured = configuration[KeysPathSetting];
        if (!string.IsNullOrWhiteSpace(configured)) return configured;
        target ??= DatabaseTarget.Parse(configuration[DbSetting]);
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
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(ReassessWebApp).Assembly, "Reassess.Web.wwwroot"),
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
    }
}
