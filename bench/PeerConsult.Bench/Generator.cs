using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Bench;

public sealed record GeneratorOptions(double Scale, int Seed, DateTime Now, string AdminEmail, string AdminPassword, string PlanDirectory);

/// <summary>
/// Fills an empty, migrated database with a Center at realistic volume (at scale 1): 500 consultants with weekly hours,
/// 100,000 mothers with one request each in every status, about 1,000,000 meetings over two years with outcomes,
/// violations and R5.2 refusals, and their messages. The rows keep the app's invariants: each consultant's meetings
/// sit on a weekly "lane" inside her hours (no two claim a quarter), a mother meets at most once a week, a second
/// violation within 30 days closes her request, capacity counts match open assignments, and no deadline falls due
/// in the first hours after <see cref="GeneratorOptions.Now"/> (so a sweep right after generation has nothing to do).
/// </summary>
public sealed class Generator(GeneratorOptions options, IRowSink sink)
{
    public const int PastWeeks = 104;
    public const int FutureWeeks = 4;
    /// <summary>
    /// Free hours per consultant the booking scenario may book: 30 × 500 consultants = 15,000 pairs at scale 1, enough for
    /// the 1,000/s target over the scenario's 10 s after its warm-up (at 20 the list ran out at 900/s).
    /// </summary>
    public const int BookablePerConsultant = 30;
    private const int TotalWeeks = PastWeeks + FutureWeeks;

    // Each consultant works Monday–Friday 10–13 and 15–18 in her zone: 30 one-hour slots a week.
    private static readonly int[] Hours = [10, 11, 12, 15, 16, 17];
    private static readonly DayOfWeek[] Days = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];
    private static readonly string[] Zones = ["Europe/Moscow", "Europe/Moscow", "Europe/Moscow", "Europe/Moscow", "Europe/Moscow", "Asia/Yekaterinburg", "Europe/Berlin", "Asia/Novosibirsk", "Europe/Kaliningrad", "Europe/Samara"];
    private static readonly string[] MotherZones = ["Europe/Moscow", "Europe/Moscow", "Europe/Moscow", "Europe/Moscow", "Asia/Yekaterinburg", "Europe/Berlin", "Asia/Novosibirsk", "Europe/Samara", "Asia/Vladivostok", "Europe/London"];
    private static readonly string[] FirstNames = ["Анна", "Мария", "Елена", "Ольга", "Наталья", "Ирина", "Светлана", "Татьяна", "Екатерина", "Юлия", "Дарья", "Ксения", "Алина", "Виктория", "Полина", "Валерия", "Галина", "Людмила", "Марина", "Вера"];
    private static readonly string[] LastNames = ["Смирнова", "Иванова", "Кузнецова", "Попова", "Соколова", "Лебедева", "Козлова", "Новикова", "Морозова", "Петрова", "Волкова", "Соловьёва", "Васильева", "Зайцева", "Павлова", "Семёнова"];
    private static readonly string[] Topics = ["послеродовая депрессия", "сон ребёнка", "грудное вскармливание", "особенный ребёнок", "диагноз", "тревожность", "одна с ребёнком", "недоношенный малыш", "возвращение на работу", "отношения в семье"];
    private static readonly string[] TwoLanguages = ["русский", "English"];
    private static readonly string[] OneLanguage = ["русский"];
    private static readonly System.Text.Json.JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string[] Notes = ["Ребёнку 3 месяца, почти не сплю, всё время тревожно.", "Хочу поговорить с мамой, у которой тоже особенный ребёнок.", "Трудно после родов, не с кем поделиться.", "Малыш родился раньше срока, страшно.", "Нужна поддержка, не понимаю, что со мной."];

    private readonly Random _random = new(options.Seed);
    private readonly DateTime _now = options.Now;
    private readonly List<ConsultantPlan> _consultants = [];
    private readonly List<CasePlan> _cases = [];
    private readonly List<MeetingPlan> _meetings = [];
    private readonly Guid _adminId = Guid.NewGuid();
    private readonly Dictionary<string, Guid> _roles = new() { ["Administrator"] = Guid.NewGuid(), ["Consultant"] = Guid.NewGuid(), ["Mother"] = Guid.NewGuid() };
    private Progress _progress = new(1);
    private int _numberCounter;

    public int Consultants => _consultants.Count;

    public int Mothers => _cases.Count;

    public int MeetingCount => _meetings.Count;

    public long EstimatedRows(int meetings) => (long)(meetings * 5.6) + (long)(_cases.Count * 5);

    public async Task RunAsync()
    {
        Plan();
        _progress = new Progress(EstimatedRows(_meetings.Count));
        await WriteUsersAsync();
        await WriteConsultantsAsync();
        await WriteCasesAsync();
        await WriteMeetingsAsync();
        await WriteMessagesAsync();
        await WriteSignInLinksAsync();
        _progress.Done(sink.Rows);
        await WritePlanAsync();
    }

    // ---------------------------------------------------------------- planning (in memory)

    private void Plan()
    {
        var nConsultants = Math.Max(2, (int)Math.Round(500 * options.Scale));
        var nMothers = Math.Max(60, (int)Math.Round(100_000 * options.Scale));
        var nMeetings = Math.Max(50, (int)Math.Round(1_000_000 * options.Scale));
        var lanes = Math.Clamp((int)Math.Round(nMeetings / (double)(nConsultants * TotalWeeks)), 1, Days.Length * Hours.Length - 10);

        for (var c = 0; c < nConsultants; c++)
        {
            var slots = Enumerable.Range(0, Days.Length * Hours.Length).OrderBy(_ => _random.Next()).ToArray();
            _consultants.Add(new ConsultantPlan(
                c,
                Guid.CreateVersion7(_now.AddYears(-3).AddMinutes(c)),
                Guid.NewGuid(),
                $"{Pick(FirstNames)} {Pick(LastNames)}",
                Zones[c % Zones.Length],
                slots[..lanes],
                slots[lanes..],
                published: c % 20 != 19));
        }

        // Mothers outside the weekly lanes: the queue's open requests, the booking bench's mothers, early closures.
        // Each bookable mother gets a distinct free hour of her consultant in the coming weeks (never a lane, never twice).
        var perConsultant = Math.Min(BookablePerConsultant, (Days.Length * Hours.Length - lanes) * (FutureWeeks - 1));
        var bookable = Math.Min(perConsultant * nConsultants, nMothers * 3 / 20);
        var newCount = Math.Max(5, nMothers / 200);
        var contacted = Math.Max(2, nMothers / 500);
        var assigned = Math.Max(2, nMothers / 500);
        var noContact = nMothers / 25;
        var withdrawnEarly = nMothers / 50;
        var stintPool = nMothers - bookable - newCount - contacted - assigned - noContact - withdrawnEarly;
        var stintsPerLane = Math.Max(1, stintPool / (nConsultants * lanes));

        foreach (var consultant in _consultants)
        {
            for (var lane = 0; lane < lanes; lane++)
            {
                // Cut points no later than week 100, so every finished stint ended in the past and the last one is current.
                var cuts = Enumerable.Range(1, 99).OrderBy(_ => _random.Next()).Take(stintsPerLane - 1).Order().ToList();
                cuts.Insert(0, 0);
                cuts.Add(TotalWeeks);
                for (var s = 0; s + 1 < cuts.Count; s++)
                {
                    PlanStint(consultant, consultant.LaneSlots[lane], cuts[s], cuts[s + 1]);
                }
            }
        }

        var leftover = nMothers - _cases.Count - bookable - newCount - contacted - assigned - noContact;
        for (var i = 0; i < bookable; i++)
        {
            PlanBookable(_consultants[i % _consultants.Count], i / _consultants.Count);
        }

        for (var i = 0; i < newCount; i++)
        {
            PlanNew();
        }

        for (var i = 0; i < contacted; i++)
        {
            PlanContacted(null);
        }

        for (var i = 0; i < assigned; i++)
        {
            PlanContacted(_consultants[_random.Next(_consultants.Count)]);
        }

        for (var i = 0; i < noContact; i++)
        {
            PlanNoContact();
        }

        for (var i = 0; i < Math.Max(0, leftover); i++)
        {
            PlanWithdrawnEarly();
        }

        foreach (var c in _cases)
        {
            if (c.Consultant is { } consultant && c.Status is RequestStatus.Assigned or RequestStatus.AwaitingMotherContact or RequestStatus.InTouch)
            {
                consultant.ActiveMothers++;
            }
        }

        // Ids made in time order (version 7, like the app's) keep index inserts append-only, as in production.
        _meetings.Sort((a, b) => a.Start.CompareTo(b.Start));
    }

    private void PlanStint(ConsultantPlan consultant, int slot, int fromWeek, int toWeek)
    {
        var firstStart = SlotStart(consultant, slot, fromWeek);
        var submitted = firstStart.AddHours(-_random.Next(72, 144));
        var c = NewCase(submitted);
        c.ContactedAt = submitted.AddMinutes(_random.Next(30, 19 * 60));
        c.Consultant = consultant;
        c.AssignedAt = c.ContactedAt.Value.AddMinutes(_random.Next(10, 240));
        c.ContactSentAt = c.AssignedAt.Value.AddMinutes(30);
        var booked = c.ContactSentAt.Value.AddMinutes(_random.Next(10, 20 * 60));
        c.MotherContactedAt = booked;
        c.Status = RequestStatus.InTouch;

        DateTime? lastViolation = null;
        var createdAt = booked;
        for (var week = fromWeek; week < toWeek; week++)
        {
            var start = SlotStart(consultant, slot, week);
            var meeting = new MeetingPlan(Guid.CreateVersion7(start.AddDays(-7)), c, start, createdAt < _now ? createdAt : _now.AddHours(-1));
            _meetings.Add(meeting);
            createdAt = start.AddHours(2);
            if (start >= _now)
            {
                meeting.Status = MeetingStatus.Scheduled;
                continue;
            }

            var roll = _random.NextDouble();
            (meeting.Status, meeting.Violation) = roll switch
            {
                < 0.015 => (MeetingStatus.MotherNoShow, (ViolationKind?)ViolationKind.NoShow),
                < 0.02 => (MeetingStatus.RefusedVideoOff, ViolationKind.VideoOff),
                < 0.035 => (MeetingStatus.Cancelled, ViolationKind.CancelledInTime),
                < 0.055 => (MeetingStatus.ConsultantCancelled, null),
                < 0.07 => (MeetingStatus.TechnicalFailure, null),
                _ => (MeetingStatus.Held, null),
            };
            if (meeting.Status == MeetingStatus.Cancelled)
            {
                meeting.CancelRequestedAt = start.AddHours(-_random.Next(7, 72));
            }

            if (meeting.Violation is not null)
            {
                var occurred = meeting.ViolationOccurredAt;
                if (lastViolation is { } last && occurred - last <= TimeSpan.FromDays(30))
                {
                    // R5.2: the second violation within 30 days ends free consultations and closes her request.
                    c.Status = RequestStatus.Closed;
                    c.ClosedReason = ClosedReason.PeerServiceRefused;
                    c.ClosedAt = meeting.ViolationRecordedAt;
                    c.Eligibility = Eligibility.PeerServiceRefused;
                    c.RefusedBy = (c.LastViolationMeeting!, meeting);
                    return;
                }

                lastViolation = occurred;
                c.LastViolationMeeting = meeting;
            }
        }

        if (toWeek < TotalWeeks)
        {
            var lastEnd = _meetings[^1].Start.AddHours(1);
            c.Status = RequestStatus.Closed;
            c.ClosedReason = ClosedReason.Withdrawn;
            c.ClosedAt = Min(lastEnd.AddDays(_random.Next(1, 5)), _now.AddMinutes(-5));
        }
    }

    private void PlanBookable(ConsultantPlan consultant, int index)
    {
        // Waiting for her first meeting: contact sent 2–20 h ago, so her 24 h reminder is at least 4 h away.
        var sent = _now.AddMinutes(-_random.Next(120, 20 * 60));
        var c = NewCase(sent.AddHours(-_random.Next(6, 40)));
        c.ContactedAt = c.SubmittedAt.AddMinutes(_random.Next(30, 5 * 60));
        c.Consultant = consultant;
        c.AssignedAt = Min(c.ContactedAt.Value.AddMinutes(20), sent.AddMinutes(-5));
        c.ContactSentAt = sent;
        c.Status = RequestStatus.AwaitingMotherContact;

        // Her own free hour in the weeks after this one, never one of the lanes: the booking bench takes it.
        var free = consultant.FreeSlots;
        var week = PastWeeks + 1 + (index / free.Length % (FutureWeeks - 1));
        c.BenchSlot = SlotStart(consultant, free[index % free.Length], week);
    }

    private void PlanNew()
    {
        // Submitted in the last 3 days, but never with a clock due in the next 3 hours (nothing due right after generation).
        DateTime submitted;
        do
        {
            submitted = _now.AddMinutes(-_random.Next(1, 72 * 60));
        }
        while (DueSoon(submitted.AddHours(20)) || DueSoon(submitted.AddHours(24)));

        var c = NewCase(submitted);
        c.Status = RequestStatus.New;
    }

    private void PlanContacted(ConsultantPlan? consultant)
    {
        var c = NewCase(_now.AddMinutes(-_random.Next(60, 60 * 60)));
        c.ContactedAt = Min(c.SubmittedAt.AddMinutes(_random.Next(20, 19 * 60)), _now.AddMinutes(-10));
        c.Status = RequestStatus.Contacted;
        if (consultant is not null)
        {
            c.Consultant = consultant;
            c.AssignedAt = c.ContactedAt.Value.AddMinutes(5);
            c.Status = RequestStatus.Assigned;
        }
    }

    private void PlanNoContact()
    {
        var c = NewCase(_now.AddDays(-_random.Next(3, PastWeeks * 7)).AddMinutes(-_random.Next(0, 1440)));
        c.ContactedAt = c.SubmittedAt.AddMinutes(_random.Next(20, 19 * 60));
        c.Consultant = _consultants[_random.Next(_consultants.Count)];
        c.AssignedAt = c.ContactedAt.Value.AddMinutes(15);
        c.ContactSentAt = c.AssignedAt.Value.AddMinutes(20);
        c.MotherRemindedAt = c.ContactSentAt.Value.AddHours(24);
        c.Status = RequestStatus.Closed;
        c.ClosedReason = ClosedReason.NoContact;
        c.ClosedAt = c.ContactSentAt.Value.AddHours(48);
        c.Eligibility = Eligibility.PaidOnly;
    }

    private void PlanWithdrawnEarly()
    {
        var c = NewCase(_now.AddDays(-_random.Next(3, PastWeeks * 7)));
        c.ContactedAt = c.SubmittedAt.AddMinutes(_random.Next(20, 19 * 60));
        c.Status = RequestStatus.Closed;
        c.ClosedReason = ClosedReason.Withdrawn;
        c.ClosedAt = c.ContactedAt.Value.AddHours(2);
    }

    private CasePlan NewCase(DateTime submitted)
    {
        var index = _cases.Count;
        var c = new CasePlan(
            index,
            Guid.CreateVersion7(submitted),
            Guid.CreateVersion7(submitted),
            RequestNumber(++_numberCounter),
            $"+7903{(1_000_000 + index).ToString("D7", CultureInfo.InvariantCulture)}",
            $"{Pick(FirstNames)}",
            MotherZones[index % MotherZones.Length],
            (Messenger)(index % 7 switch { < 4 => 0, < 6 => 1, _ => 3 }),
            submitted);
        _cases.Add(c);
        return c;
    }

    private bool DueSoon(DateTime at) => at > _now && at <= _now.AddHours(3);

    private DateTime SlotStart(ConsultantPlan consultant, int slot, int week)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(consultant.TimeZone);
        var localToday = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(_now, zone));
        var monday = localToday.AddDays(-(((int)localToday.DayOfWeek + 6) % 7));
        var day = monday.AddDays((7 * (week - PastWeeks)) + ((int)Days[slot / Hours.Length] - 1));
        var local = day.ToDateTime(new TimeOnly(Hours[slot % Hours.Length], 0), DateTimeKind.Unspecified);
        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    private static string RequestNumber(int n)
    {
        // Like the app's: two groups of three from an alphabet without look-alikes.
        const string alphabet = "ACDEFHJKMNPQRTUVWXY3479";
        Span<char> chars = stackalloc char[7];
        var x = (n * 7_919L) + 1_000_003L;
        for (var i = 6; i >= 0; i--)
        {
            if (i == 3)
            {
                chars[i] = '-';
                continue;
            }

            chars[i] = alphabet[(int)(x % alphabet.Length)];
            x /= alphabet.Length;
        }

        return new string(chars);
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    // ---------------------------------------------------------------- writing

    private async Task WriteUsersAsync()
    {
        _progress.Stage("users");
        await sink.BeginTableAsync("AspNetRoles", "Id", "Name", "NormalizedName", "ConcurrencyStamp");
        foreach (var (name, id) in _roles)
        {
            await sink.RowAsync(id, name, name.ToUpperInvariant(), Guid.NewGuid().ToString());
        }

        await sink.EndTableAsync();

        var hasher = new PasswordHasher<AppUser>();
        var admin = new AppUser { Id = _adminId, UserName = options.AdminEmail, Email = options.AdminEmail, DisplayName = "Administrator" };
        var adminHash = hasher.HashPassword(admin, options.AdminPassword);
        await sink.BeginTableAsync("AspNetUsers", "Id", "DisplayName", "TimeZone", "UserName", "NormalizedUserName", "Email", "NormalizedEmail", "EmailConfirmed", "PasswordHash", "SecurityStamp", "ConcurrencyStamp", "PhoneNumber", "PhoneNumberConfirmed", "TwoFactorEnabled", "LockoutEnd", "LockoutEnabled", "AccessFailedCount");
        await sink.RowAsync(_adminId, "Administrator", "Europe/Moscow", options.AdminEmail, options.AdminEmail.ToUpperInvariant(), options.AdminEmail, options.AdminEmail.ToUpperInvariant(), true, adminHash, Stamp(), Guid.NewGuid().ToString(), null, false, false, null, true, 0);
        foreach (var c in _consultants)
        {
            await sink.RowAsync(c.UserId, c.Name, c.TimeZone, c.Email, c.Email.ToUpperInvariant(), c.Email, c.Email.ToUpperInvariant(), true, null, Stamp(), Guid.NewGuid().ToString(), null, false, false, null, true, 0);
        }

        await sink.EndTableAsync();
        await sink.BeginTableAsync("AspNetUserRoles", "UserId", "RoleId");
        await sink.RowAsync(_adminId, _roles["Administrator"]);
        foreach (var c in _consultants)
        {
            await sink.RowAsync(c.UserId, _roles["Consultant"]);
        }

        await sink.EndTableAsync();
    }

    private async Task WriteConsultantsAsync()
    {
        _progress.Stage("consultants");
        await sink.BeginTableAsync("Consultants", "Id", "UserId", "DisplayName", "Email", "Phone", "TimeZone", "Bio", "Topics", "Languages", "MaxActiveMothers", "ActiveMothers", "Published", "CreatedAt", "Version", "PhotoVersion");
        foreach (var c in _consultants)
        {
            var topics = new[] { Topics[c.Index % Topics.Length], Topics[(c.Index * 7 + 3) % Topics.Length] };
            var bio = $"Мама {2 + (c.Index % 3)} детей. Знаю, каково это — «{topics[0]}». Выслушаю без оценок и расскажу, что помогло мне.";
            await sink.RowAsync(c.Id, c.UserId, c.Name, c.Email, $"+7916{(2_000_000 + c.Index).ToString("D7", CultureInfo.InvariantCulture)}", c.TimeZone, bio, topics, c.Index % 4 == 0 ? TwoLanguages : OneLanguage, c.ActiveMothers + 10, c.ActiveMothers, c.Published, _now.AddYears(-3), 0, 0);
        }

        await sink.EndTableAsync();

        await sink.BeginTableAsync("ConsultantAvailability", "ConsultantId", "TimeZone", "Weekly", "Exceptions", "UpdatedAt", "UpdatedBy", "Version");
        var weekly = "[" + string.Join(",", Days.SelectMany(d => new[] { $"{{\"day\":\"{d}\",\"start\":\"10:00\",\"end\":\"13:00\"}}", $"{{\"day\":\"{d}\",\"start\":\"15:00\",\"end\":\"18:00\"}}" })) + "]";
        foreach (var c in _consultants)
        {
            await sink.RowAsync(c.Id, c.TimeZone, weekly, "[]", _now.AddYears(-2).AddDays(-7), c.UserId, 0);
        }

        await sink.EndTableAsync();
    }

    private async Task WriteCasesAsync()
    {
        _progress.Stage("mothers");
        await sink.BeginTableAsync("Mothers", "Id", "Phone", "Name", "Email", "TimeZone", "PreferredMessenger", "Eligibility", "UserId", "CreatedAt", "UpdatedAt", "Version");
        foreach (var c in _cases)
        {
            var updated = c.Eligibility == Eligibility.Eligible ? c.SubmittedAt : c.ClosedAt!.Value;
            await sink.RowAsync(c.MotherId, c.Phone, c.Name, null, c.TimeZone, c.Messenger.ToString(), c.Eligibility.ToString(), null, c.SubmittedAt, updated, c.Eligibility == Eligibility.Eligible ? 0 : 1);
            _progress.Report(sink.Rows);
        }

        await sink.EndTableAsync();

        _progress.Stage("requests");
        await sink.BeginTableAsync("Requests", "Id", "Number", "MotherId", "Name", "Phone", "Messenger", "Email", "TimeZone", "Note", "PreferredConsultantId", "ConsentVersion", "ConsentAcceptedAt", "ConsentIpAddress", "SubmittedAt", "Status", "AdminWarningAt", "AdminDueAt", "ContactedAt", "ConsultantId", "ConsultantContactSentAt", "MotherContactDueAt", "AutoCloseAt", "ClosedAt", "ClosedReason", "Version", "AdminOverdueAt", "AdminWarnedAt", "MotherContactedAt", "MotherRemindedAt");
        foreach (var c in _cases)
        {
            var warningAt = c.SubmittedAt.AddHours(20);
            var dueAt = c.SubmittedAt.AddHours(24);
            var contacted = c.ContactedAt;
            DateTime? warned = contacted is null ? (warningAt <= _now ? warningAt : null) : (warningAt < contacted ? warningAt : null);
            DateTime? overdue = contacted is null ? (dueAt <= _now ? dueAt : null) : (dueAt < contacted ? dueAt : null);
            var motherDue = c.ContactSentAt?.AddHours(24);
            var autoClose = c.ContactSentAt?.AddHours(48);
            await sink.RowAsync(
                c.RequestId, c.Number, c.MotherId, c.Name, c.Phone, c.Messenger.ToString(), null, c.TimeZone, Notes[c.Index % Notes.Length],
                c.Index % 9 == 0 ? c.Consultant?.Id : null, "2026-11-01", c.SubmittedAt, "127.0.0.1", c.SubmittedAt, c.Status.ToString(),
                warningAt, dueAt, contacted, c.Consultant?.Id, c.ContactSentAt, motherDue, autoClose, c.ClosedAt, c.ClosedReason?.ToString(),
                c.Status == RequestStatus.New ? 0 : 3, overdue, warned, c.MotherContactedAt, c.MotherRemindedAt);
            _progress.Report(sink.Rows);
        }

        await sink.EndTableAsync();

        await sink.BeginTableAsync("Assignments", "Id", "RequestId", "ConsultantId", "AssignedAt", "AssignedBy", "Reason", "EndedAt");
        foreach (var c in _cases.Where(c => c.AssignedAt is not null))
        {
            await sink.RowAsync(Guid.CreateVersion7(c.AssignedAt!.Value), c.RequestId, c.Consultant!.Id, c.AssignedAt, _adminId, null, null);
        }

        await sink.EndTableAsync();

        await sink.BeginTableAsync("RequestContacts", "Id", "RequestId", "At", "Channel", "Note", "RecordedBy", "RecordedAt");
        foreach (var c in _cases.Where(c => c.ContactedAt is not null))
        {
            await sink.RowAsync(Guid.CreateVersion7(c.ContactedAt!.Value), c.RequestId, c.ContactedAt, c.Messenger == Messenger.Phone ? "Phone" : c.Messenger.ToString(), "Поговорили, мама ждёт консультанта.", _adminId, c.ContactedAt);
        }

        await sink.EndTableAsync();

        _progress.Stage("request history");
        await sink.BeginTableAsync("RequestEvents", "Id", "RequestId", "At", "Kind", "ActorUserId", "ActorRole", "Data", "Policy");
        foreach (var c in _cases)
        {
            await sink.RowAsync(Guid.CreateVersion7(c.SubmittedAt), c.RequestId, c.SubmittedAt, "Submitted", null, "public", $"{{\"messenger\":\"{c.Messenger}\",\"preferredConsultantId\":null,\"consentVersion\":\"2026-11-01\"}}", "{\"AdminResponseWarning\":\"20:00:00\",\"AdminResponseDeadline\":\"1.00:00:00\"}");
            if (c.ContactedAt is { } contacted)
            {
                await sink.RowAsync(Guid.CreateVersion7(contacted), c.RequestId, contacted, "ContactRecorded", _adminId, "administrator", $"{{\"at\":\"{Iso(contacted)}\",\"channel\":\"{c.Messenger}\",\"note\":null,\"onTime\":\"{contacted <= c.SubmittedAt.AddHours(24)}\"}}", "{}");
            }

            if (c.AssignedAt is { } assigned)
            {
                await sink.RowAsync(Guid.CreateVersion7(assigned), c.RequestId, assigned, "ConsultantAssigned", _adminId, "administrator", $"{{\"consultantId\":\"{c.Consultant!.Id}\",\"previousConsultantId\":null,\"reason\":null,\"chosenByMother\":\"False\",\"cancelledMeetings\":null}}", "{}");
            }

            if (c.ContactSentAt is { } sent)
            {
                await sink.RowAsync(Guid.CreateVersion7(sent), c.RequestId, sent, "ConsultantContactSent", _adminId, "administrator", $"{{\"at\":\"{Iso(sent)}\",\"consultantId\":\"{c.Consultant!.Id}\"}}", "{\"MotherContactDeadline\":\"1.00:00:00\",\"MotherContactCloseAfter\":\"2.00:00:00\"}");
            }

            if (c.MotherContactedAt is { } inTouch)
            {
                await sink.RowAsync(Guid.CreateVersion7(inTouch), c.RequestId, inTouch, "MotherContacted", null, "mother", $"{{\"at\":\"{Iso(inTouch)}\",\"via\":\"booking\"}}", "{}");
            }

            if (c.ClosedAt is { } closed)
            {
                var role = c.ClosedReason == ClosedReason.Withdrawn ? "administrator" : "system";
                await sink.RowAsync(Guid.CreateVersion7(closed), c.RequestId, closed, "Closed", role == "system" ? null : _adminId, role, $"{{\"reason\":\"{c.ClosedReason}\"}}", "{}");
            }

            _progress.Report(sink.Rows);
        }

        await sink.EndTableAsync();

        await sink.BeginTableAsync("EligibilityDecisions", "Id", "MotherId", "At", "From", "To", "Rule", "Evidence", "Policy", "DecidedBy", "DecidedByRole", "Reason");
        foreach (var c in _cases.Where(c => c.Eligibility != Eligibility.Eligible))
        {
            var at = c.ClosedAt!.Value;
            var (rule, evidence, policy) = c.Eligibility == Eligibility.PaidOnly
                ? ("R2.2", $"{{\"requestId\":\"{c.RequestId}\",\"requestNumber\":\"{c.Number}\",\"closedAt\":\"{Iso(at)}\",\"closedReason\":\"no-contact\"}}", "{\"MotherContactDeadline\":\"1.00:00:00\",\"MotherContactCloseAfter\":\"2.00:00:00\"}")
                : ("R5.2", $"{{\"violationCount\":\"2\",\"violation1\":\"{c.RefusedBy!.Value.First.Violation} {Iso(c.RefusedBy.Value.First.ViolationOccurredAt)} meeting {c.RefusedBy.Value.First.Id}\",\"violation2\":\"{c.RefusedBy.Value.Second.Violation} {Iso(c.RefusedBy.Value.Second.ViolationOccurredAt)} meeting {c.RefusedBy.Value.Second.Id}\"}}", "{\"MaxViolations\":\"1\",\"ViolationWindow\":\"30.00:00:00\"}");
            await sink.RowAsync(Guid.CreateVersion7(at), c.MotherId, at, "Eligible", c.Eligibility.ToString(), rule, evidence, policy, null, "system", null);
        }

        await sink.EndTableAsync();
    }

    private async Task WriteMeetingsAsync()
    {
        _progress.Stage("meetings");
        await sink.BeginTableAsync("Meetings", "Id", "RequestId", "MotherId", "ConsultantId", "Start", "End", "Status", "CancelledBy", "CancelRequestedAt", "CancelledInTime", "OutcomeRecordedAt", "CreatedAt", "Version");
        foreach (var m in _meetings)
        {
            var c = m.Case;
            var cancelled = m.Status == MeetingStatus.Cancelled;
            var outcome = m.Status is MeetingStatus.Scheduled or MeetingStatus.Cancelled ? (DateTime?)null : m.Start.AddMinutes(70);
            await sink.RowAsync(m.Id, c.RequestId, c.MotherId, c.Consultant!.Id, m.Start, m.Start.AddHours(1), m.Status.ToString(), cancelled ? "Mother" : null, cancelled ? m.CancelRequestedAt : null, cancelled ? true : null, outcome, m.CreatedAt, m.Status == MeetingStatus.Scheduled ? 0 : 1);
            _progress.Report(sink.Rows);
        }

        await sink.EndTableAsync();

        await sink.BeginTableAsync("MeetingChanges", "Id", "MeetingId", "IsCancellation", "FromStart", "ToStart", "By", "RequestedAt", "InTime", "Reason", "RecordedAt");
        foreach (var m in _meetings.Where(m => m.Status == MeetingStatus.Cancelled))
        {
            await sink.RowAsync(Guid.CreateVersion7(m.CancelRequestedAt!.Value), m.Id, true, m.Start, null, "Mother", m.CancelRequestedAt, true, null, m.CancelRequestedAt);
        }

        await sink.EndTableAsync();

        // ADR 5: held, missed and scheduled meetings keep their quarters; cancelled ones and failures free them. Only
        // where the app keeps quarter rows (SQLite); on PostgreSQL the meetings themselves hold the time.
        if (sink.KeepsQuarters)
        {
            await WriteQuartersAsync();
        }

        _progress.Stage("violations");
        await sink.BeginTableAsync("Violations", "Id", "MotherId", "MeetingId", "Kind", "OccurredAt", "RecordedAt", "WaivedAt", "WaivedBy", "WaiveReason");
        foreach (var m in _meetings.Where(m => m.Violation is not null))
        {
            await sink.RowAsync(Guid.CreateVersion7(m.ViolationRecordedAt), m.Case.MotherId, m.Id, m.Violation.ToString(), m.ViolationOccurredAt, m.ViolationRecordedAt, null, null, null);
        }

        await sink.EndTableAsync();
    }

    private async Task WriteQuartersAsync()
    {
        _progress.Stage("busy quarters");
        await sink.BeginTableAsync("ConsultantBusyQuarters", "ConsultantId", "Quarter", "MeetingId");
        foreach (var m in _meetings.Where(m => m.Status is MeetingStatus.Scheduled or MeetingStatus.Held or MeetingStatus.MotherNoShow or MeetingStatus.RefusedVideoOff))
        {
            for (var q = 0; q < 4; q++)
            {
                await sink.RowAsync(m.Case.Consultant!.Id, m.Start.AddMinutes(15 * q), m.Id);
            }

            _progress.Report(sink.Rows);
        }

        await sink.EndTableAsync();
    }

    private async Task WriteMessagesAsync()
    {
        _progress.Stage("messages");
        await sink.BeginTableAsync("OutboxMessages", "Id", "Kind", "DedupKey", "Recipient", "RecipientId", "RequestId", "Channel", "Body", "Status", "Attempts", "CreatedAt", "NextAttemptAt", "LockedUntil", "SentAt", "LastError");
        foreach (var m in _meetings)
        {
            var body = $"Новая встреча: {m.Case.Name}, {m.Start.ToString("dd.MM.yyyy HH:mm", CultureInfo.InvariantCulture)} UTC.";
            await Sent("consultant.meeting-booked", $"meeting-booked:{m.Id}", "Consultant", m.Case.Consultant!.Id, m.Case.RequestId, body, m.CreatedAt);
            _progress.Report(sink.Rows);
        }

        foreach (var c in _cases)
        {
            if (c.MotherRemindedAt is { } reminded)
            {
                await Sent("mother.reminder", $"r2.1-reminder:{c.RequestId}", "Mother", c.MotherId, c.RequestId, "Напоминаем: напишите вашему консультанту.", reminded);
            }

            if (c.ClosedReason == ClosedReason.NoContact)
            {
                await Sent("mother.closed-no-contact", $"r2.2-closed:{c.RequestId}", "Mother", c.MotherId, c.RequestId, "Ваша заявка закрыта: мы не дождались вашего ответа.", c.ClosedAt!.Value);
            }
            else if (c.ClosedReason == ClosedReason.PeerServiceRefused)
            {
                await Sent("mother.peer-service-refused", $"r5.2-refused:{c.MotherId}:{c.ClosedAt!.Value.Ticks}", "Mother", c.MotherId, c.RequestId, "Бесплатные консультации больше недоступны; платные услуги Центра открыты для вас.", c.ClosedAt.Value);
            }
        }

        await sink.EndTableAsync();
    }

    private async Task Sent(string kind, string key, string recipient, Guid recipientId, Guid requestId, string body, DateTime at) =>
        await sink.RowAsync(Guid.CreateVersion7(at), kind, key, recipient, recipientId, requestId, "log", body, "Sent", 1, at, at, null, at.AddSeconds(2), null);

    /// <summary>One-use sign-in links with known tokens for mothers in touch (the portal bench signs in with them).</summary>
    private async Task WriteSignInLinksAsync()
    {
        await sink.BeginTableAsync("MotherSignInTokens", "Id", "MotherId", "Kind", "Hash", "ExpiresAt", "Attempts", "UsedAt", "CreatedAt");
        var lines = new List<string>();
        foreach (var c in _cases.Where(c => c.Status == RequestStatus.InTouch).Take(8))
        {
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
            await sink.RowAsync(Guid.CreateVersion7(_now), c.MotherId, "Link", hash, _now.AddDays(3), 0, null, _now.AddMinutes(-1));
            lines.Add(token);
        }

        await sink.EndTableAsync();
        await File.WriteAllLinesAsync(Path.Combine(options.PlanDirectory, "links.txt"), lines);
    }

    private async Task WritePlanAsync()
    {
        var dir = options.PlanDirectory;
        await File.WriteAllLinesAsync(Path.Combine(dir, "consultants.txt"), _consultants.Where(c => c.Published).Select(c => c.Id.ToString()));
        await File.WriteAllLinesAsync(Path.Combine(dir, "bookings.txt"), _cases.Where(c => c.BenchSlot is not null).OrderBy(_ => _random.Next()).Select(c => $"{c.RequestId} {Iso(c.BenchSlot!.Value)}"));
        var summary = new Dictionary<string, object>
        {
            ["now"] = Iso(_now),
            ["scale"] = options.Scale,
            ["consultants"] = _consultants.Count,
            ["mothers"] = _cases.Count,
            ["meetings"] = _meetings.Count,
            ["rows"] = sink.Rows,
            ["seconds"] = Math.Round(_progress.Elapsed.TotalSeconds, 1),
            ["requestsByStatus"] = _cases.GroupBy(c => c.Status.ToString()).ToDictionary(g => g.Key, g => g.Count()),
            ["meetingsByStatus"] = _meetings.GroupBy(m => m.Status.ToString()).ToDictionary(g => g.Key, g => g.Count()),
            ["violations"] = _meetings.Count(m => m.Violation is not null),
        };
        await File.WriteAllTextAsync(Path.Combine(dir, "generated.json"), System.Text.Json.JsonSerializer.Serialize(summary, Indented));
    }

    private static string Iso(DateTime at) => at.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFZ", CultureInfo.InvariantCulture);

    private static string Stamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    private sealed class ConsultantPlan(int index, Guid id, Guid userId, string name, string timeZone, int[] laneSlots, int[] freeSlots, bool published)
    {
        public int Index { get; } = index;

        public Guid Id { get; } = id;

        public Guid UserId { get; } = userId;

        public string Name { get; } = name;

        public string Email { get; } = $"consultant{index:D4}@bench.local";

        public string TimeZone { get; } = timeZone;

        public int[] LaneSlots { get; } = laneSlots;

        public int[] FreeSlots { get; } = freeSlots;

        public bool Published { get; } = published;

        public int ActiveMothers { get; set; }
    }

    private sealed class CasePlan(int index, Guid motherId, Guid requestId, string number, string phone, string name, string timeZone, Messenger messenger, DateTime submittedAt)
    {
        public int Index { get; } = index;

        public Guid MotherId { get; } = motherId;

        public Guid RequestId { get; } = requestId;

        public string Number { get; } = number;

        public string Phone { get; } = phone;

        public string Name { get; } = name;

        public string TimeZone { get; } = timeZone;

        public Messenger Messenger { get; } = messenger;

        public DateTime SubmittedAt { get; } = submittedAt;

        public RequestStatus Status { get; set; }

        public Eligibility Eligibility { get; set; } = Eligibility.Eligible;

        public ConsultantPlan? Consultant { get; set; }

        public DateTime? ContactedAt { get; set; }

        public DateTime? AssignedAt { get; set; }

        public DateTime? ContactSentAt { get; set; }

        public DateTime? MotherContactedAt { get; set; }

        public DateTime? MotherRemindedAt { get; set; }

        public DateTime? ClosedAt { get; set; }

        public ClosedReason? ClosedReason { get; set; }

        public DateTime? BenchSlot { get; set; }

        public MeetingPlan? LastViolationMeeting { get; set; }

        public (MeetingPlan First, MeetingPlan Second)? RefusedBy { get; set; }
    }

    private sealed class MeetingPlan(Guid id, CasePlan @case, DateTime start, DateTime createdAt)
    {
        public Guid Id { get; } = id;

        public CasePlan Case { get; } = @case;

        public DateTime Start { get; } = start;

        public DateTime CreatedAt { get; } = createdAt;

        public MeetingStatus Status { get; set; }

        public ViolationKind? Violation { get; set; }

        public DateTime? CancelRequestedAt { get; set; }

        public DateTime ViolationOccurredAt => Violation == ViolationKind.CancelledInTime ? CancelRequestedAt!.Value : Start;

        public DateTime ViolationRecordedAt => Violation == ViolationKind.CancelledInTime ? CancelRequestedAt!.Value : Start.AddMinutes(70);
    }
}
