using System.ComponentModel.DataAnnotations;

namespace PeerConsult.Web.Features.Video;

/// <summary>The video room and the pre-meeting check (configuration section "Video").</summary>
public sealed class VideoOptions
{
    public const string SectionName = "Video";

    /// <summary>The Jitsi Meet server; its IFrame API is loaded from here (external_api.js) and rooms live under it.</summary>
    [Required]
    public string JitsiBaseUrl { get; set; } = "https://meet.jit.si";

    /// <summary>For a self-hosted Jitsi with token authentication: the app id (the token's issuer). Both or neither.</summary>
    public string? JitsiAppId { get; set; }

    /// <summary>The shared secret the Jitsi server checks tokens with (HS256). Configuration or environment only.</summary>
    public string? JitsiSecret { get; set; }

    /// <summary>The token's audience; Jitsi's prosody token plugin accepts "jitsi" by default.</summary>
    [Required]
    public string JitsiAudience { get; set; } = "jitsi";

    /// <summary>The room opens this long before the start ...</summary>
    public TimeSpan OpenBefore { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>... and closes this long after the planned end.</summary>
    public TimeSpan OpenAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gentle warnings before the end of the meeting (R3.1).</summary>
    public TimeSpan FirstWarning { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan SecondWarning { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the room page asks the server for its clock and the meeting's status.</summary>
    public TimeSpan StatePollInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The largest download one speed-test request may ask for.</summary>
    [Range(64 * 1024, 16 * 1024 * 1024)]
    public int MaxDownloadBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The largest upload one speed-test request may send; more is refused (413).</summary>
    [Range(64 * 1024, 16 * 1024 * 1024)]
    public int MaxUploadBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Speed-test requests one IP address may make per <see cref="SpeedTestWindow"/> (one check makes about ten).</summary>
    [Range(1, 100000)]
    public int SpeedTestPerIpLimit { get; set; } = 40;

    public TimeSpan SpeedTestWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Speed tests served at the same time, across everyone: bounds the bandwidth the check can take from the server.</summary>
    [Range(1, 1000)]
    public int SpeedTestConcurrency { get; set; } = 4;

    public bool UsesTokens => !string.IsNullOrWhiteSpace(JitsiAppId) && !string.IsNullOrWhiteSpace(JitsiSecret);

    public Uri BaseUri => new(JitsiBaseUrl.TrimEnd('/') + "/");

    /// <summary>What the IFrame API calls the "domain": host, port and path of the server, without the scheme.</summary>
    public string Domain => BaseUri.Authority + BaseUri.AbsolutePath.TrimEnd('/');
}
