using Reassess.Audit;
using Reassess.Composition;
using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests.Composition;

/// <summary>What a load balancer's readiness check is told: ready, or which check failed, naming nothing else.</summary>
[Trait("Category", "Database")]
public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_only_with_a_current_schema_and_a_readable_key_once_the_trail_has_entries()
    {
        await using var db = await TestDatabase.CreateAsync(migrate: false);
        var keyDir = Directory.CreateTempSubdirectory("reassess-ready-");
        try
        {
            var keyFile = Path.Combine(keyDir.FullName, "test.audit-key");
            var audit = new AuditTrail(db.Target, AuditKeyStore.AtFile(keyFile), TimeProvider.System);
            Assert.Equal("database", await Readiness.ProblemAsync(db.Target, audit));

            await ReassessDatabase.MigrateAsync(db.Target, CancellationToken.None);
            Assert.Null(await Readiness.ProblemAsync(db.Target, audit)); // an empty trail needs no key yet

            await audit.RecordAsync(new AuditEvent("cli:test", AuditCategory.Consultation, "test", AuditSubjects.Investigation, ["1"]) { Justification = "test" });
            Assert.Null(await Readiness.ProblemAsync(db.Target, audit));

            await File.WriteAllTextAsync(keyFile, "not a hex key");
            Assert.Equal("audit key", await Readiness.ProblemAsync(db.Target, audit));
            File.Delete(keyFile);
            Assert.Equal("audit key", await Readiness.ProblemAsync(db.Target, audit));
        }
        finally { keyDir.Delete(recursive: true); }
    }
}
