using Microsoft.Extensions.DependencyInjection;
using Reassess.Composition;
using Reassess.Tests.Support;

namespace Reassess.Web.Tests;

/// <summary>
/// The workbench registers the core through the core's one composition root: every service the root registers resolves
/// from the web app's container, and exactly once (a second registration of its own would shadow the core's).
/// </summary>
[Trait("Category", "Database")]
public sealed class CompositionTests
{
    [Fact]
    public async Task Every_core_service_resolves_once_from_the_web_apps_container()
    {
        await using var database = await TestDatabase.CreateAsync();
        var keys = Directory.CreateTempSubdirectory("reassess-keys-").FullName;
        try
        {
            var core = new ServiceCollection().AddReassessCore(new ReassessCoreOptions { Database = _ => database.Target })
                .Select(d => d.ServiceType).Distinct().ToList();
            Assert.True(core.Count >= 20, $"only {core.Count} core services");
            await using var app = ReassessWebApp.Build(["--" + ReassessWebApp.KeysPathSetting, keys], database.Target);
            await using var scope = app.Services.CreateAsyncScope();
            foreach (var type in core)
            {
                var found = scope.ServiceProvider.GetServices(type).ToList();
                Assert.True(found.Count == 1, $"{type.Name}: {found.Count} registrations in the web app");
                Assert.NotNull(found[0]);
            }
        }
        finally
        {
            Directory.Delete(keys, recursive: true);
        }
    }
}
