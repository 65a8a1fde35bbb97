using System.Diagnostics;
using System.Globalization;

namespace PeerConsult.Bench;

/// <summary>A one-line progress bar on stderr (stdout stays for results), redrawn at most four times a second.</summary>
public sealed class Progress(long total)
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private long _lastDraw = -1000;
    private string _stage = "";

    public TimeSpan Elapsed => _watch.Elapsed;

    public void Stage(string stage)
    {
        _stage = stage;
        _lastDraw = -1000;
    }

    public void Report(long done)
    {
        var ms = _watch.ElapsedMilliseconds;
        if (ms - _lastDraw < 250)
        {
            return;
        }

        _lastDraw = ms;
        var fraction = total <= 0 ? 1 : Math.Min(1, (double)done / total);
        var filled = (int)(fraction * 30);
        var line = string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {fraction,4:P0} {done / 1_000_000.0,6:F2}M rows {_watch.Elapsed.TotalSeconds,5:F0}s  {_stage,-28}");
        Console.Error.Write(line);
    }

    public void Done(long done)
    {
        _lastDraw = -1000;
        Report(done);
        Console.Error.WriteLine();
    }
}
