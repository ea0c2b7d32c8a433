using Reassess.Audit;
using Reassess.Tests.Support;

namespace Reassess.Web.Tests;

/// <summary>
/// The workbench is a thin shell: what its users do with case data is recorded by the core's audited operations
/// (<see cref="AuditedOperations"/>, <see cref="Reassess.Security.SecurityEvents"/> and the services themselves), never by audit events the
/// web app builds on its own.
/// </summary>
public sealed class ShellBoundaryTests
{
    [Fact]
    public void The_workbench_builds_no_audit_events()
    {
        var web = typeof(ReassessWebApp).Assembly;
        Assert.DoesNotContain(typeof(AuditEvent).FullName + "::.ctor", AssemblyReferences.MembersOf(web));
    }

    /// <summary>
    /// The workbench reads and writes case data only through the core's services (the case read model, the queue, the
    /// reviews, the audit trail): no page, page model or helper of its own queries a table. The exception is
    /// <c>Reassess.Web.Security</c>, the web app's own session store and Data Protection key ring.
    /// </summary>
    [Fact]
    public void The_workbench_queries_no_table_itself()
    {
        string[] queries =
        [
            "Microsoft.EntityFrameworkCore.DbContext::Set",
            "Microsoft.EntityFrameworkCore.DbContext::Add",
            "Microsoft.EntityFrameworkCore.DbContext::SaveChangesAsync",
            "Microsoft.EntityFrameworkCore.DbContext::get_Database",
            "Microsoft.EntityFrameworkCore.RelationalQueryableExtensions::FromSqlRaw",
            "Microsoft.EntityFrameworkCore.RelationalQueryableExtensions::FromSql",
        ];
        var tables = typeof(Reassess.Storage.ReassessDbContext).GetProperties()
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(Microsoft.EntityFrameworkCore.DbSet<>))
            .Select(p => p.DeclaringType!.FullName + "::get_" + p.Name);
        var forbidden = queries.Concat(tables).ToHashSet(StringComparer.Ordinal);
        // The scan sees a query where there is one: the key ring, allowed, reads its table through DbContext.Set.
        Assert.Contains("Microsoft.EntityFrameworkCore.DbContext::Set", AssemblyReferences.MembersUsedBy(typeof(Reassess.Web.Security.DatabaseKeyRing)));
        var offenders = typeof(ReassessWebApp).Assembly.GetTypes()
            .Where(t => !t.IsNested && t.Namespace != "Reassess.Web.Security")
            .SelectMany(t => AssemblyReferences.MembersUsedBy(t).Where(forbidden.Contains).Select(m => $"{t.FullName} uses {m}"))
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }
}
