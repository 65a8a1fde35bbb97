using System.ComponentModel.DataAnnotations;

namespace PeerConsult.Web.Features.Portal;

/// <summary>The mother's password-less sign-in (configuration section "Portal").</summary>
public sealed class PortalOptions
{
    public const string SectionName = "Portal";

    /// <summary>Where the site is reached from outside; links in messages are built on it.</summary>
    [Required]
    [Url]
    public string PublicBaseUrl { get; set; } = "http://localhost:5080";

    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Wrong codes allowed against one code before she must ask for a new one.</summary>
    [Range(1, 20)]
    public int MaxCodeAttempts { get; set; } = 5;

    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Codes one phone number may ask for per <see cref="PhoneWindow"/>.</summary>
    [Range(1, 100)]
    public int MaxCodesPerPhone { get; set; } = 3;

    public TimeSpan PhoneWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Code requests one IP address may make per <see cref="PerIpWindow"/> (generous: mobile carriers share addresses).</summary>
    [Range(1, 100000)]
    public int PerIpPermitLimit { get; set; } = 20;

    public TimeSpan PerIpWindow { get; set; } = TimeSpan.FromMinutes(10);
}
