using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Meetings;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Messages;

/// <summary>Reminders before meetings (configuration section "Reminders").</summary>
public sealed class ReminderOptions
{
    public const string SectionName = "Reminders";

    /// <summary>How long before each meeting reminders go, comma-separated ("1.00:00:00,01:00:00" = 24 h and 1 h).</summary>
    public string Before { get; set; } = "1.00:00:00,01:00:00";

    public IReadOnlyList<TimeSpan> Offsets() =>
        [.. Before.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => TimeSpan.Parse(s, CultureInfo.InvariantCulture)).OrderByDescending(t => t)];

    public bool IsValid()
    {
        try
        {
            var offsets = Offsets();
            return offsets.All(o => o > TimeSpan.Zero && o <= TimeSpan.FromDays(14)) && offsets.Distinct().Count() == offsets.Count;
        }
        catch (FormatException)
        {
            return false;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}

/// <summary>
/// Sends each mother one reminder per configured offset before each scheduled meeting, with the link to the
/// pre-meeting check (R7.2). Exactly once: the message's key names the meeting, the offset and the start, so a second
/// pass (or a second instance) adds nothing, and a moved meeting is reminded about its new time. Only the most imminent
/// reminder due is sent: a meeting booked 3 hours ahead gets the 1-hour reminder, not a late "tomorrow" one.
/// </summary>
public sealed class MeetingReminderSweeper(
    AppDbContext db,
    MessageComposer composer,
    IOptions<ReminderOptions> options,
    IOptions<PortalOptions> portal,
    ILogger<MeetingReminderSweeper> log)
{
    public const string Kind = "mother.meeting-reminder";

    public async Task<int> RunOnceAsync(DateTime now, CancellationToken ct)
    {
        var offsets = options.Value.Offsets();
        if (offsets.Count == 0)
        {
            return 0;
        }

        var horizon = now + offsets[0];
        var due = await db.Meetings.AsNoTracking()
            .Where(m => m.Status == MeetingStatus.Scheduled && m.Start > now && m.Start <= horizon)
            .Select(m => new
            {
                m.Id,
                m.RequestId,
                m.MotherId,
                m.Start,
                m.CreatedAt,
                Mother = db.Mothers.Where(x => x.Id == m.MotherId).Select(x => new { x.Name, x.TimeZone }).Single(),
                Consultant = db.Consultants.Where(c => c.Id == m.ConsultantId).Select(c => c.DisplayName).Single(),
            })
            .ToListAsync(ct);
        var queued = 0;
        var baseUrl = portal.Value.PublicBaseUrl.TrimEnd('/');
        foreach (var meeting in due)
        {
            // The smallest offset whose moment has come is the one that applies now.
            var offset = offsets.Where(o => meeting.Start - o <= now).Min();
            if (meeting.CreatedAt > meeting.Start - offset && offset != offsets[^1])
            {
                continue;
            }

            var key = $"{Kind}:{meeting.Id}:{(int)offset.TotalMinutes}:{meeting.Start.Ticks}";
            if (await db.OutboxMessages.AnyAsync(m => m.DedupKey == key, ct))
            {
                continue;
            }

            var args = new Dictionary<string, string>
            {
                ["name"] = meeting.Mother.Name,
                ["consultant"] = meeting.Consultant,
                ["start"] = Times.Format(meeting.Start, meeting.Mother.TimeZone, MessageComposer.DefaultCulture),
                ["in"] = Times.Duration(meeting.Start - now, MessageComposer.DefaultCulture),
                ["checkUrl"] = baseUrl + "/check",
                ["url"] = baseUrl + "/my",
            };
            db.OutboxMessages.Add(OutboxMessage.Create(Kind, key, RecipientKind.Mother, meeting.MotherId, meeting.RequestId, ChannelRouter.Auto, composer.Compose(Kind, args), now, args).AboutMeeting(meeting.Id));
            try
            {
                await db.SaveChangesAsync(ct);
                queued++;
            }
            catch (DbUpdateException)
            {
                // Another instance queued it first: the unique key kept one.
                log.LogInformation("Reminder for meeting {MeetingId} was queued by another pass", meeting.Id);
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        return queued;
    }
}
