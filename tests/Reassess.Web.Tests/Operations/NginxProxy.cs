using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;

namespace Reassess.Web.Tests.Operations;

/// <summary>
/// nginx (Debian's package; ./test.sh installs it) on loopback with a throwaway self-signed certificate, running the sample
/// configuration of docs/operations.md with only its addresses, ports and certificate paths changed. Everything it
/// writes (pid, error log, temporary files) stays in a temporary folder; it is stopped on dispose.
/// </summary>
public sealed partial class NginxProxy : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private NginxProxy(Process process, string dir, int httpsPort, X509Certificate2 certificate)
    {
        _process = process;
        _dir = dir;
        HttpsPort = httpsPort;
        Certificate = certificate;
    }

    public int HttpsPort { get; }

    /// <summary>The self-signed certificate nginx presents (clients trust exactly this one).</summary>
    public X509Certificate2 Certificate { get; }

    public Uri BaseAddress => new($"https://localhost:{HttpsPort}");

    public string ErrorLog => File.Exists(Path.Combine(_dir, "error.log")) ? File.ReadAllText(Path.Combine(_dir, "error.log")) : "";

    /// <summary>nginx in front of the servers on <paramref name="firstPort"/> and <paramref name="secondPort"/> (the sample names two).</summary>
    public static async Task<NginxProxy> StartAsync(int firstPort, int secondPort)
    {
        var nginx = Binary();
        var dir = Directory.CreateTempSubdirectory("reassess-nginx-").FullName;
        var cert = Path.Combine(dir, "cert.pem");
        var key = Path.Combine(dir, "key.pem");
        await RunAsync("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost", "-keyout", key, "-out", cert);

        var https = ServeProcess.FreePort();
        var http = ServeProcess.FreePort();
        var sample = SampleConfiguration();
        string Swap(string text, string from, string to) =>
            text.Contains(from, StringComparison.Ordinal) ? text.Replace(from, to, StringComparison.Ordinal)
                : throw new InvalidOperationException($"docs/operations.md's nginx sample no longer holds \"{from}\": update this test with it.");
        var site = Swap(Swap(Swap(Swap(Swap(Swap(sample,
            "listen 443 ssl;", $"listen 127.0.0.1:{https} ssl;"),
            "listen 80;", $"listen 127.0.0.1:{http};"),
            "/etc/ssl/reassess/fullchain.pem", cert),
            "/etc/ssl/reassess/privkey.pem", key),
            "server 127.0.0.1:5080;", $"server 127.0.0.1:{firstPort};"),
            "server 127.0.0.1:5081;", $"server 127.0.0.1:{secondPort};");
        var conf = Path.Combine(dir, "nginx.conf");
        var asRoot = Environment.UserName == "root" ? "user root;\n" : "";
        await File.WriteAllTextAsync(conf, $$"""
            {{asRoot}}daemon off;
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log {{dir}}/error.log info;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{dir}}/client_body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
            {{site}}
            }
            """);

        var start = new ProcessStartInfo(nginx) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-p", dir, "-c", conf, "-e", Path.Combine(dir, "error.log") }) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        var proxy = new NginxProxy(process, dir, https, X509CertificateLoader.LoadCertificateFromFile(cert));
        var until = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            if (process.HasExited)
            {
                var message = $"nginx exited with {process.ExitCode}: {await process.StandardError.ReadToEndAsync()}\n{proxy.ErrorLog}";
                await proxy.DisposeAsync();
                throw new InvalidOperationException(message);
            }
            if (Listening(https)) return proxy;
            if (DateTime.UtcNow > until)
            {
                var message = $"nginx did not listen on {https} within 20 s: {proxy.ErrorLog}";
                await proxy.DisposeAsync();
                throw new TimeoutException(message);
            }
            await Task.Delay(100);
        }
    }

    /// <summary>The nginx block of docs/operations.md (the sample this test must run).</summary>
    public static string SampleConfiguration()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Reassess.slnx"))) root = root.Parent;
        var doc = File.ReadAllText(Path.Combine(root?.FullName ?? throw new InvalidOperationException("No Reassess.slnx above the tests."), "docs", "operations.md"));
        var m = NginxBlock().Match(doc);
        return m.Success ? m.Groups[1].Value : throw new InvalidOperationException("docs/operations.md has no ```nginx block.");
    }

    /// <summary>nginx from Debian's package: a clear failure, not a skip, when it is missing.</summary>
    private static string Binary()
    {
        foreach (var candidate in new[] { "/usr/sbin/nginx", "/usr/bin/nginx" })
            if (File.Exists(candidate)) return candidate;
        throw new InvalidOperationException("nginx is not installed: these tests need Debian's nginx (apt-get install -y nginx; ./test.sh installs it).");
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var error = await stderr;
        if (process.ExitCode != 0)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{file} failed ({process.ExitCode}): {error}"));
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
        Certificate.Dispose();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless */ }
    }

    [GeneratedRegex("```nginx\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex NginxBlock();
}
