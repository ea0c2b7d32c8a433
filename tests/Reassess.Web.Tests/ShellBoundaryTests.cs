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
}
