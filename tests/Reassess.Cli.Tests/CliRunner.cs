using Reassess.Cli.Tests.Support;

namespace Reassess.Cli.Tests;

/// <summary>Runs the built <c>reassess</c> as a separate process, as a user would, with redirected output (see <see cref="CliProcess"/>).</summary>
public static class CliRunner
{
    public static Task<CliProcess.Result> RunAsync(params string[] args) => CliProcess.RunAsync(args);

    /// <summary>Runs in <paramref name="workingDirectory"/> with <paramref name="environment"/> added.</summary>
    public static Task<CliProcess.Result> RunInAsync(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        CliProcess.RunAsync(args, environment, workingDirectory: workingDirectory);
}
