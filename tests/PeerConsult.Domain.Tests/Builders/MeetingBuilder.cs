using PeerConsult.Domain.Common;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;

namespace PeerConsult.Domain.Tests.Builders;

/// <summary>
/// Builds a meeting through its public methods only. By default: booked on Monday 2 March 2026 for
/// Tuesday 10 March 2026, 10:00 in Moscow (07:00Z), 60 minutes; the mother's change deadline is 01:00Z that day.
/// </summary>
internal sealed class MeetingBuilder
{
    public static readonly Guid RequestId = Guid.Parse("0195a0c0-0000-7000-8000-0000000000e1");

    /// <summary>Tuesday 10 March 2026, 10:00 in Moscow.</summary>
    public static readonly DateTime Start = new(2026, 3, 10, 7, 0, 0, DateTimeKind.Utc);

    /// <summary>Start − 6h (R4.1).</summary>
    public static readonly DateTime Deadline = new(2026, 3, 10, 1, 0, 0, DateTimeKind.Utc);

    public static readonly DateTime BookedAt = new(2026, 3, 2, 17, 0, 0, DateTimeKind.Utc);

    private DateTime _start = Start;
    private TimeSpan _length = TimeSpan.FromMinutes(60);
    private CenterPolicy _policy = new();

    public static MeetingBuilder Scheduled() => new();

    public MeetingBuilder At(DateTime start)
    {
        _start = start;
        return this;
    }

    public MeetingBuilder Lasting(TimeSpan length)
    {
        _length = length;
        return this;
    }

    public MeetingBuilder WithPolicy(CenterPolicy policy)
    {
        _policy = policy;
        return this;
    }

    public Meeting Build()
    {
        var result = Meeting.Schedule(RequestId, Ids.Mother, Ids.ConsultantA, _start, _length, BookedAt, _policy);
        return result.IsSuccess ? result.Value! : throw new InvalidOperationException($"Builder step failed: {result.Error!.Code}.");
    }

    /// <summary>A scheduled meeting with an outcome recorded at its start.</summary>
    public Meeting WithOutcome(MeetingOutcome outcome)
    {
        var meeting = Build();
        Succeeded(meeting.RecordOutcome(outcome, meeting.Start));
        return meeting;
    }

    private static void Succeeded<T>(Result<T> result)
    {
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Builder step failed: {result.Error!.Code}.");
        }
    }
}
