using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace PeerConsult.Web.Tests.Infrastructure;

/// <summary>
/// The built app as a real process (<c>dotnet PeerConsult.Web.dll --urls http://127.0.0.1:port</c>) with settings on
/// its command line and its output captured. Disposing kills it, so a failing test never leaves one behind.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private AppProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Everything it wrote so far, stdout and stderr interleaved as they arrived.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <summary>Starts the app built in the same configuration as these tests, on a free loopback port.</summary>
    public static AppProcess Start(string name, IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dll = BuiltAppPath();
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = new Process { StartInfo = start };
        var app = new AppProcess(process, address);
        process.OutputDataReceived += (_, e) => app.Capture(name, e.Data);
        process.ErrorDataReceived += (_, e) => app.Capture(name, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return app;
    }

    /// <summary>Waits until /health/ready answers 200 (migrations applied, database reachable).</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var until = Stopwatch.StartNew();
        while (until.Elapsed < timeout)
        {
            Assert.False(_process.HasExited, $"The app exited with code {(_process.HasExited ? _process.ExitCode : 0)}:\n{Tail()}");
            try
            {
                using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The app at {Address} was not ready within {timeout}:\n{Tail()}");
    }

    /// <summary>SIGKILL: no shutdown, no flushing, open transactions cut off — a machine that died.</summary>
    public void KillAbruptly()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public string Tail(int lines = 60) => string.Join('\n', _output.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        _process.Dispose();
    }

    private void Capture(string name, string? line)
    {
        if (line is not null)
        {
            _output.Enqueue($"[{name}] {line}");
        }
    }

    /// <summary>src/PeerConsult.Web/bin/&lt;this configuration&gt;/net10.0/PeerConsult.Web.dll, found from the test's own folder.</summary>
    private static string BuiltAppPath()
    {
        var configuration = typeof(AppProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PeerConsult.slnx")))
        {
            dir = dir.Parent;
        }

        Assert.NotNull(dir);
        var dll = Path.Combine(dir.FullName, "src", "PeerConsult.Web", "bin", configuration, "net10.0", "PeerConsult.Web.dll");
        Assert.True(File.Exists(dll), $"The app is not built at {dll}.");
        return dll;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
