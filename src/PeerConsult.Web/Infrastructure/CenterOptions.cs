using System.ComponentModel.DataAnnotations;

namespace PeerConsult.Web.Infrastructure;

/// <summary>Who the Center is and how mothers reach it; shown on the public site.</summary>
public sealed class CenterOptions
{
    public const string SectionName = "Center";

    [Required]
    [MaxLength(120)]
    public string Name { get; set; } = "Центр поддержки мам";

    /// <summary>The Center's WhatsApp number in E.164 (R1.2: the administrator writes from it).</summary>
    [Required]
    [RegularExpression(@"^\+[1-9][0-9]{6,14}$")]
    public string WhatsAppNumber { get; set; } = "+70000000000";

    /// <summary>Where the Center describes its paid services (R2.2, R5.2, R6).</summary>
    [Required]
    [Url]
    public string PaidServicesUrl { get; set; } = "https://example.org/paid-services";
}
