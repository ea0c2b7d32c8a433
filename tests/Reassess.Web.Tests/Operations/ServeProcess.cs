using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Reassess.Storage;

namespace Reassess.Web.Tests.Operations;

/// <summary>
/// A real <c>reassess serve</c> process (<c>dotnet reassess.dll serve</c>, the CLI built beside this test project) on a
/// free loopback port, started with the given environment and stopped, with its whole process tree, on dispose.
/// </summary>
public sealed class ServeProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    /// <summary>What the process wrote so far (standard output and error), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts <c>reassess serve --db … --urls http://127.0.0.1:PORT</c> and waits until <c>/healthz</c> answers.</summary>
    public static async Task<ServeProcess> StartAsync(DatabaseTarget target, IReadOnlyDictionary<string, string> environment, params string[] extraArgs)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var port = FreePort();
        foreach (var a in (string[])[CliDll(), "serve", "--db", target.ConnectionString, "--urls", $"http://127.0.0.1:{port}", .. extraArgs])
            start.ArgumentList.Add(a);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServeProcess(process, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilAliveAsync(TimeSpan.FromSeconds(180));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Runs <c>reassess ARGS</c> to its end and returns its exit code and output (for start-up failures).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])[CliDll(), .. args]) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"reassess {string.Join(' ', args)} still ran after 90 s: {await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilAliveAsync(TimeSpan limit)
    {
        // A first request may take long on a loaded machine (the app warms up): it is waited for, not cut short and repeated.
        using var http = new HttpClient { Timeout = limit };
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"reassess serve exited with {_process.ExitCode} before answering:\n{Output}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/healthz"));
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy starting
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"reassess serve did not answer /healthz within {limit.TotalSeconds} s:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        _process.Dispose();
    }

    /// <summary>A TCP port nobody listens on now (the OS picks it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The CLI built with this test project's configuration: src/Reassess.Cli/bin/CONFIG/TFM/reassess.dll.</summary>
    public static string CliDll()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var configuration = here.Parent?.Name ?? "Release";
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Reassess.slnx"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException($"No Reassess.slnx above {AppContext.BaseDirectory}.");
        var dll = Path.Combine(root.FullName, "src", "Reassess.Cli", "bin", configuration, tfm, "reassess.dll");
        return File.Exists(dll) ? dll
            : throw new InvalidOperationException($"{dll} is missing: build the solution (dotnet build Reassess.slnx -c {configuration}) first.");
    }
}
