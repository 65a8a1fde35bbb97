using System.ComponentModel.DataAnnotations;

namespace PeerConsult.Web.Features.Intake;

public sealed class IntakeOptions
{
    public const string SectionName = "Intake";

    /// <summary>The version of the personal-data consent text the form shows; stored with each request (R1.1).</summary>
    [Required]
    [MaxLength(32)]
    public string ConsentVersion { get; set; } = "2026-11-01";

    /// <summary>Requests one phone number may file per day, closed ones included.</summary>
    [Range(1, 1000)]
    public int MaxPerPhonePerDay { get; set; } = 3;

    /// <summary>Requests one IP address may file per <see cref="PerIpWindow"/>.</summary>
    [Range(1, 100000)]
    public int PerIpPermitLimit { get; set; } = 10;

    public TimeSpan PerIpWindow { get; set; } = TimeSpan.FromMinutes(10);
}
