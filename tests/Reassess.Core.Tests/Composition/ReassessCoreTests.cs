using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Reassess.Audit;
using Reassess.Composition;
using Reassess.Reviews;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Composition;

/// <summary>
/// The core's one composition root: every service it registers resolves (on the test engine's database), each is
/// registered once, and the clock the shell gives is the clock the services read.
/// </summary>
[Trait("Category", "Database")]
public sealed class ReassessCoreTests
{
    [Fact]
    public async Task Every_service_the_core_registers_resolves_and_is_registered_once()
    {
        await using var database = await TestDatabase.CreateAsync();
        var options = new ReassessCoreOptions { Database = _ => database.Target };
        var registered = new ServiceCollection().AddReassessCore(options).ToList();
        var services = new ServiceCollection().AddLogging().AddReassessCore(options);

        Assert.True(registered.Count >= 20, $"only {registered.Count} services registered");
        var twice = registered.GroupBy(d => d.ServiceType).Where(g => g.Count() > 1).Select(g => g.Key.Name).ToList();
        Assert.True(twice.Count == 0, "registered more than once: " + string.Join(", ", twice));

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        await using var scope = provider.CreateAsyncScope();
        foreach (var descriptor in registered)
        {
            var from = descriptor.Lifetime == ServiceLifetime.Singleton ? provider : scope.ServiceProvider;
            Assert.NotNull(from.GetRequiredService(descriptor.ServiceType));
        }
        Assert.Same(provider.GetRequiredService<AuditTrail>(), provider.GetRequiredService<IAuditTrail>());
        Assert.Equal(database.Target.ConnectionString, provider.GetRequiredService<DatabaseTarget>().ConnectionString);
    }

    [Fact]
    public async Task The_clock_the_shell_gives_is_the_one_the_core_reads()
    {
        await using var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 31, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddLogging()
            .AddReassessCore(new ReassessCoreOptions { Database = _ => database.Target, Time = clock });
        await using var provider = services.BuildServiceProvider();
        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
        await using var one = provider.CreateAsyncScope();
        await using var other = provider.CreateAsyncScope();
        Assert.NotNull(one.ServiceProvider.GetRequiredService<ReviewService>());
        // A database context per scope (a request, a command), never shared between two.
        Assert.NotSame(one.ServiceProvider.GetRequiredService<ReassessDbContext>(), other.ServiceProvider.GetRequiredService<ReassessDbContext>());
    }
}
