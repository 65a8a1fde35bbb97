using Microsoft.AspNetCore.Identity;

namespace PeerConsult.Web.Infrastructure.Persistence;

/// <summary>A sign-in account: administrator, consultant or mother. Roles say which.</summary>
public sealed class AppUser : IdentityUser<Guid>
{
    public const int DisplayNameMaxLength = 100;

    public string DisplayName { get; set; } = "";

    /// <summary>IANA zone in which this person sees times.</summary>
    public string TimeZone { get; set; } = "Europe/Moscow";
}
