using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace PeerConsult.Web.Features.Video;

/// <summary>
/// The check page measures her connection against the app's own endpoints (R7.2). They are open to anyone, so they are
/// bounded three ways: each request's size, requests per IP address, and how many run at once across everyone.
/// </summary>
public sealed class SpeedTestLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _byIp;
    private readonly ConcurrencyLimiter _running;

    public SpeedTestLimiter(IOptions<VideoOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _byIp = PartitionedRateLimiter.Create<string, string>(ip => RateLimitPartition.GetFixedWindowLimiter(ip, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = o.SpeedTestPerIpLimit, Window = o.SpeedTestWindow, QueueLimit = 0 }));
        _running = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = o.SpeedTestConcurrency, QueueLimit = 0 });
    }

    /// <summary>A lease to run one speed test now, or null (429): too many from this address, or too many at once.</summary>
    public RateLimitLease? TryStart(string? ip)
    {
        using (var perIp = _byIp.AttemptAcquire(ip ?? "unknown"))
        {
            if (!perIp.IsAcquired)
            {
                return null;
            }
        }

        var running = _running.AttemptAcquire();
        if (running.IsAcquired)
        {
            return running;
        }

        running.Dispose();
        return null;
    }

    public void Dispose()
    {
        _byIp.Dispose();
        _running.Dispose();
    }
}

public static class SpeedTestEndpoints
{
    public const string DownloadPath = "/check/download";
    public const string UploadPath = "/check/upload";

    /// <summary>Random bytes: incompressible, so no proxy can make the line look faster than it is.</summary>
    private static readonly byte[] Noise = RandomNumberGenerator.GetBytes(64 * 1024);

    public static IEndpointRouteBuilder MapSpeedTest(this IEndpointRouteBuilder app)
    {
        app.MapGet(DownloadPath, DownloadAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapPost(UploadPath, UploadAsync).AllowAnonymous().ExcludeFromDescription().DisableAntiforgery();
        return app;
    }

    private static async Task<IResult> DownloadAsync(HttpContext http, SpeedTestLimiter limiter, IOptions<VideoOptions> options, int? bytes, CancellationToken ct)
    {
        var max = options.Value.MaxDownloadBytes;
        if (bytes is not { } size || size < 1 || size > max)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"bytes must be between 1 and {max}.", extensions: new Dictionary<string, object?> { ["code"] = "invalid-size" });
        }

        using var lease = limiter.TryStart(http.Connection.RemoteIpAddress?.ToString());
        if (lease is null)
        {
            return TooMany(http);
        }

        NoStore(http);
        http.Response.ContentType = "application/octet-stream";
        http.Response.ContentLength = size;
        var left = size;
        while (left > 0)
        {
            var chunk = Math.Min(left, Noise.Length);
            await http.Response.Body.WriteAsync(Noise.AsMemory(0, chunk), ct);
            left -= chunk;
        }

        return Results.Empty;
    }

    private static async Task<IResult> UploadAsync(HttpContext http, SpeedTestLimiter limiter, IOptions<VideoOptions> options, CancellationToken ct)
    {
        var max = options.Value.MaxUploadBytes;
        if (http.Request.ContentLength is > 0 and var declared && declared > max)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"At most {max} bytes.", extensions: new Dictionary<string, object?> { ["code"] = "too-large" });
        }

        // Kestrel stops reading past this, even when the body did not declare its length.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }

        using var lease = limiter.TryStart(http.Connection.RemoteIpAddress?.ToString());
        if (lease is null)
        {
            return TooMany(http);
        }

        var buffer = new byte[64 * 1024];
        long received = 0;
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(buffer, ct)) > 0)
            {
                received += read;
                if (received > max)
                {
                    return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"At most {max} bytes.", extensions: new Dictionary<string, object?> { ["code"] = "too-large" });
                }
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: $"At most {max} bytes.", extensions: new Dictionary<string, object?> { ["code"] = "too-large" });
        }

        NoStore(http);
        return Results.Ok(new { received });
    }

    private static IResult TooMany(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "60";
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many speed tests; try again in a minute.", extensions: new Dictionary<string, object?> { ["code"] = "rate-limited" });
    }

    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";
}
