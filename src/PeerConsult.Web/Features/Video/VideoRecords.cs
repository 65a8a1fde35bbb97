using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PeerConsult.Domain.Meetings;

namespace PeerConsult.Web.Features.Video;

/// <summary>
/// A meeting's Jitsi room: 128 random bits, so nobody finds a room by guessing or from the meeting's id. Made when
/// the room is first opened; the primary key on the meeting keeps it to one even if both open it at once.
/// </summary>
public sealed class MeetingRoom
{
    public const int NameMaxLength = 64;

    private MeetingRoom()
    {
    }

    public Guid MeetingId { get; private set; }

    public string Name { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public static MeetingRoom Create(Guid meetingId, DateTime now) => new()
    {
        MeetingId = meetingId,
        // Letters and digits only: a Jitsi room name is also a path segment and part of an XMPP address.
        Name = "peerconsult-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        CreatedAt = now,
    };
}

public enum JoinKind
{
    /// <summary>The meeting page was served with the room in it.</summary>
    Opened,

    /// <summary>Jitsi reported that this person joined the conference.</summary>
    Joined,

    /// <summary>Jitsi reported that this person left the conference.</summary>
    Left,
}

public enum ParticipantRole
{
    Mother,
    Consultant,
}

/// <summary>Who entered a meeting's room, and when (shown to the administrator with the outcome).</summary>
public sealed class MeetingJoin
{
    private MeetingJoin()
    {
    }

    public Guid Id { get; private set; }

    public Guid MeetingId { get; private set; }

    public Guid UserId { get; private set; }

    public ParticipantRole Role { get; private set; }

    public JoinKind Kind { get; private set; }

    public DateTime At { get; private set; }

    public static MeetingJoin Record(Guid meetingId, Guid userId, ParticipantRole role, JoinKind kind, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(),
        MeetingId = meetingId,
        UserId = userId,
        Role = role,
        Kind = kind,
        At = now,
    };
}

/// <summary>
/// One pre-meeting check (R7.1, R7.2) by a signed-in mother or consultant, kept with her next meeting so the
/// consultant sees it before they start. It informs; it never blocks booking or the room.
/// </summary>
public sealed class PreMeetingCheck
{
    public const int BrowserMaxLength = 200;
    public const int ProblemMaxLength = 32;

    private PreMeetingCheck()
    {
    }

    public Guid Id { get; private set; }

    public Guid MeetingId { get; private set; }

    public Guid UserId { get; private set; }

    public ParticipantRole Role { get; private set; }

    public DateTime At { get; private set; }

    public bool CameraOk { get; private set; }

    public bool MicrophoneOk { get; private set; }

    /// <summary>Why the camera or microphone failed: denied, no-device, in-use, insecure, unsupported, other.</summary>
    public string? MediaProblem { get; private set; }

    public double? DownloadMbps { get; private set; }

    public double? UploadMbps { get; private set; }

    /// <summary>Both directions at least the policy's minimum (R7.2), judged with the value in force at the time.</summary>
    public bool ConnectionOk { get; private set; }

    /// <summary>She ticked every line of the R7.1 checklist.</summary>
    public bool PlaceReady { get; private set; }

    public string? Browser { get; private set; }

    public static PreMeetingCheck Record(Guid meetingId, Guid userId, ParticipantRole role, CheckReport report, double minMbps, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new PreMeetingCheck
        {
            Id = Guid.CreateVersion7(),
            MeetingId = meetingId,
            UserId = userId,
            Role = role,
            At = now,
            CameraOk = report.CameraOk,
            MicrophoneOk = report.MicrophoneOk,
            MediaProblem = report.MediaProblem,
            DownloadMbps = report.DownloadMbps,
            UploadMbps = report.UploadMbps,
            ConnectionOk = report.DownloadMbps >= minMbps && report.UploadMbps >= minMbps,
            PlaceReady = report.PlaceReady,
            Browser = report.Browser,
        };
    }
}

public sealed class MeetingRoomConfiguration : IEntityTypeConfiguration<MeetingRoom>
{
    public void Configure(EntityTypeBuilder<MeetingRoom> builder)
    {
        builder.ToTable("MeetingRooms");
        builder.HasKey(r => r.MeetingId);
        builder.Property(r => r.Name).HasMaxLength(MeetingRoom.NameMaxLength).IsRequired();
        builder.HasIndex(r => r.Name).IsUnique();
        builder.HasOne<Meeting>().WithOne().HasForeignKey<MeetingRoom>(r => r.MeetingId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MeetingJoinConfiguration : IEntityTypeConfiguration<MeetingJoin>
{
    public void Configure(EntityTypeBuilder<MeetingJoin> builder)
    {
        builder.ToTable("MeetingJoins");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(j => j.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(j => j.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(j => new { j.MeetingId, j.At });
    }
}

public sealed class PreMeetingCheckConfiguration : IEntityTypeConfiguration<PreMeetingCheck>
{
    public void Configure(EntityTypeBuilder<PreMeetingCheck> builder)
    {
        builder.ToTable("PreMeetingChecks");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Role).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.MediaProblem).HasMaxLength(PreMeetingCheck.ProblemMaxLength);
        builder.Property(c => c.Browser).HasMaxLength(PreMeetingCheck.BrowserMaxLength);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(c => c.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.MeetingId, c.At });
    }
}
