using System.ComponentModel.DataAnnotations;

namespace PeerConsult.Web.Features.Messages;

public sealed class OutboxOptions
{
    public const string SectionName = "Outbox";

    /// <summary>Whether this instance runs the dispatcher loop (tests drive it by hand).</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a claimed message stays ours; after that another dispatcher may retry it (a crash mid-send).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 8;

    /// <summary>First retry delay; each further attempt doubles it, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;
}
