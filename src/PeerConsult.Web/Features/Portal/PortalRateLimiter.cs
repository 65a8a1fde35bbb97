using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace PeerConsult.Web.Features.Portal;

/// <summary>
/// Flood guards for sign-in codes, by IP address and by phone number. The phone limit applies to every number,
/// known or not, so the limit itself does not reveal who is a mother of the Center; the database count in
/// <see cref="MotherSignInHandler"/> backs it up across restarts.
/// </summary>
public sealed class PortalRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _byIp;
    private readonly PartitionedRateLimiter<string> _byPhone;

    public PortalRateLimiter(IOptions<PortalOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        _byIp = PartitionedRateLimiter.Create<string, string>(ip => RateLimitPartition.GetFixedWindowLimiter(ip, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = o.PerIpPermitLimit, Window = o.PerIpWindow, QueueLimit = 0 }));
        _byPhone = PartitionedRateLimiter.Create<string, string>(phone => RateLimitPartition.GetFixedWindowLimiter(phone, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = o.MaxCodesPerPhone, Window = o.PhoneWindow, QueueLimit = 0 }));
    }

    public bool TryAcquire(string? ip, string phone)
    {
        using var ipLease = _byIp.AttemptAcquire(ip ?? "unknown");
        if (!ipLease.IsAcquired)
        {
            return false;
        }

        using var phoneLease = _byPhone.AttemptAcquire(phone);
        return phoneLease.IsAcquired;
    }

    public void Dispose()
    {
        _byIp.Dispose();
        _byPhone.Dispose();
    }
}
