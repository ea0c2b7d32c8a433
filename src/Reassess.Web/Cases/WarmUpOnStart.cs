namespace Reassess.Web.Cases;

/// <summary>
/// Once the server is listening, in the background (requests are served meanwhile) and unless <c>Reassess:WarmUp</c> is
/// false: compresses the files the pages link to (<see cref="Assets.CompressedAssets.PrepareLinkedAsync"/>), then runs
/// <see cref="CaseWarmUp"/>. The first case page after a start took 3.2–3.5 s where later first views take about 60 ms
/// (bench/cold-page.sh, Met and national data): the warm-up pays that once, before a reviewer does. A failure is logged
/// and never stops the server; the first page is then only slower.
/// </summary>
public sealed class WarmUpOnStart(IServiceScopeFactory scopes, IHostApplicationLifetime lifetime, IConfiguration configuration,
    Assets.CompressedAssets assets, ILogger<WarmUpOnStart> log)
    : BackgroundService
{
    /// <summary>What the warm-up did, once it has run; null when it was turned off, cancelled or failed (tests wait on it).</summary>
    public Task<CaseWarmUpResult?> Done => _done.Task;

    private readonly TaskCompletionSource<CaseWarmUpResult?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // A value that is not true or false stops the app at start (ReassessOptionsValidator); read leniently here.
            if (bool.TryParse(configuration[ReassessWebApp.WarmUpSetting], out var enabled) && !enabled)
            {
                _done.TrySetResult(null);
                return;
            }
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
                await started.Task.WaitAsync(stoppingToken);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await assets.PrepareLinkedAsync(stoppingToken);
            var compressed = clock.Elapsed;
            await using var scope = scopes.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<CaseWarmUp>().RunAsync(stoppingToken);
            if (result.Force is null)
                log.LogInformation("Warm-up: assets compressed in {Assets:0.00} s; no case in the queue yet ({Seconds:0.00} s)", compressed.TotalSeconds, result.Elapsed.TotalSeconds);
            else
                log.LogInformation("Warm-up: assets compressed in {Assets:0.00} s; the queue and first case page of {Force} prepared in {Seconds:0.00} s",
                    compressed.TotalSeconds, result.Force, result.Elapsed.TotalSeconds);
            _done.TrySetResult(result);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _done.TrySetResult(null);
        }
        // Why every exception is caught (CA1031): an exception escaping a BackgroundService stops the whole host
        // (BackgroundServiceExceptionBehavior.StopHost), and the warm-up only saves the first reviewer a wait. A database
        // that cannot be read, a missing asset or anything else is logged as a warning and the server serves on; the
        // first page is then only slower.
#pragma warning disable CA1031 // See above: an escaping exception would stop the host; the warm-up only saves time.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            log.LogWarning(ex, "Warm-up failed; the first case page will be slower: {Message}", ex.Message);
            _done.TrySetResult(null);
        }
    }
}
