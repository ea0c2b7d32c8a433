using Reassess.Storage;
using Reassess.Tests.Support;

namespace Reassess.Tests;

/// <summary>
/// The core is shared by the command line and the workbench, so it takes its configuration and logging from them: it
/// never reads the environment or writes to a console itself (a web server has no console to write to, and a setting
/// read behind the shell's back cannot be validated, documented or tested with the rest of its configuration).
/// </summary>
public sealed class CoreBoundaryTests
{
    private static readonly System.Reflection.Assembly Core = typeof(DatabaseTarget).Assembly;

    [Fact]
    public void The_core_never_touches_the_console()
    {
        Assert.DoesNotContain("System.Console", AssemblyReferences.TypesOf(Core));
    }

    [Theory]
    [InlineData("GetEnvironmentVariable")]
    [InlineData("GetEnvironmentVariables")]
    [InlineData("SetEnvironmentVariable")]
    [InlineData("ExpandEnvironmentVariables")]
    [InlineData("get_UserName")]
    public void The_core_never_reads_the_environment(string member)
    {
        Assert.DoesNotContain("System.Environment::" + member, AssemblyReferences.MembersOf(Core));
    }

    [Fact]
    public void Every_refusal_the_core_raises_shares_one_base_that_the_shells_map_once()
    {
        var exceptions = Core.GetTypes().Where(t => typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        Assert.NotEmpty(exceptions);
        Assert.All(exceptions, t => Assert.True(typeof(ReassessException).IsAssignableFrom(t), $"{t.FullName} does not derive from ReassessException"));
    }
}
