using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Reassess.Audit;
using Reassess.Cases;
using Reassess.Prioritisation;
using Reassess.Referrals;
using Reassess.Reporting;
using Reassess.Reviews;
using Reassess.Storage;

namespace Reassess.Composition;

/// <summary>What a shell tells the core when it registers it: where the database is and how its audit trail is keyed.</summary>
public sealed class ReassessCoreOptions
{
    /// <summary>The database, resolved once when first needed (a web host's settings may arrive after registration).</summary>
    public required Func<IServiceProvider, DatabaseTarget> Database { get; init; }

    /// <summary>
    /// The audit trail, keyed as the shell's configuration says (key file, key); resolved once. Without it, the
    /// database's own trail with no key given (<see cref="AuditTrail.For"/>).
    /// </summary>
    public Func<IServiceProvider, AuditTrail>? AuditTrail { get; init; }

    /// <summary>The clock every core service reads; the system clock unless a test or a replay gives another.</summary>
    public TimeProvider? Time { get; init; }
}

/// <summary>
/// The one composition root of the core: the command line and the workbench register the core's services here, each
/// once and with one lifetime, and add only what is theirs (the web app's user, sessions and pages; the CLI's commands).
/// </summary>
public static class ReassessCore
{
    public static IServiceCollection AddReassessCore(this IServiceCollection services, ReassessCoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options.Time ?? TimeProvider.System);
        services.AddSingleton(options.Database);
        // Pooled: a scope's context is reset and reused by a later scope instead of being built again.
        services.AddSingleton(sp => ReassessDatabase.CreatePool(sp.GetRequiredService<DatabaseTarget>()));
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<ReassessDbContext>>().CreateDbContext());

        services.AddSingleton(options.AuditTrail ?? (sp => Audit.AuditTrail.For(sp.GetRequiredService<DatabaseTarget>(), time: sp.GetRequiredService<TimeProvider>())));
        services.AddSingleton<IAuditTrail>(sp => sp.GetRequiredService<AuditTrail>());
        services.AddSingleton<AuditedOperations>();

        // What is kept between requests or commands (one per process), and its parts.
        services.AddSingleton<CaseCaches>();
        services.AddSingleton(sp => sp.GetRequiredService<CaseCaches>().Profiles);
        services.AddSingleton(sp => sp.GetRequiredService<CaseCaches>().Linkage);
        services.AddSingleton(sp => sp.GetRequiredService<CaseCaches>().Views);
        services.AddSingleton(sp => sp.GetRequiredService<CaseCaches>().Queues);
        services.AddSingleton<ReferralLinkageCache>();
        services.AddSingleton<QueueCounts>();
        services.AddSingleton<CaseLeadFinder>();

        // Reviews, cases, the queue and oversight, one set per scope (a request, a command).
        services.AddScoped<ReviewService>();
        services.AddScoped<ReviewQueries>();
        services.AddScoped<CaseQueries>();
        services.AddScoped<CaseLeadsQueries>();
        services.AddScoped<CaseWarmUp>();
        services.AddScoped<SavedViews>();
        services.AddScoped<AuditSubjectNames>();
        services.AddScoped<OversightQueries>();
        services.AddScoped<QueueSearch>();
        services.AddScoped<Notifications>();
        return services;
    }
}
