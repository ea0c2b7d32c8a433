using System.Diagnostics;

namespace Reassess.Cli.Tests.Support;

/// <summary>
/// Runs the built <c>reassess</c> command line as a child process, as an operator would: its exit code, stdout and
/// stderr are the contract. The CLI's dll sits beside the tests' (a project reference copies it).
/// </summary>
public static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "reassess.dll");

    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>
    /// How long a command may run before the test calls it hung. A guard against hangs, not a timing: it is generous
    /// because the suite shares a small machine with a PostgreSQL server and the browser tests.
    /// </summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    public static ProcessStartInfo StartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        // Keep the child independent of the developer's shell.
        info.Environment.Remove("REASSESS_DB");
        info.Environment.Remove("REASSESS_AUDIT_KEY");
        info.Environment.Remove("REASSESS_AUDIT_KEY_FILE");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (environment is not null)
            foreach (var (k, v) in environment) info.Environment[k] = v;
        return info;
    }

    public static async Task<Result> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null,
        string? workingDirectory = null)
    {
        using var process = Process.Start(StartInfo(args, environment, workingDirectory)) ?? throw new InvalidOperationException("dotnet did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? HangGuard);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"reassess {string.Join(' ', args)} did not finish in time");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
