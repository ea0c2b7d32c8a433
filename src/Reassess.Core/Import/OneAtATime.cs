namespace Reassess.Import;

/// <summary>Hands reports from any thread to a progress callback one at a time (callbacks need not be thread-safe).</summary>
internal sealed class OneAtATime<T>(IProgress<T> inner) : IProgress<T>
{
    private readonly Lock _lock = new();

    public void Report(T value)
    {
        lock (_lock) inner.Report(value);
    }
}
