using Reassess.Audit;
using Reassess.Tests.Support;

namespace Reassess.Cli.Tests;

/// <summary>
/// The command line is a thin shell: what it does to case data is recorded by the core's audited operations
/// (<see cref="AuditedOperations"/> and the services themselves), never by audit events it builds on its own.
/// </summary>
public sealed class ShellBoundaryTests
{
    [Fact]
    public void The_command_line_builds_no_audit_events()
    {
        var cli = typeof(CliApp).Assembly;
        Assert.DoesNotContain(typeof(AuditEvent).FullName + "::.ctor", AssemblyReferences.MembersOf(cli));
    }
}
