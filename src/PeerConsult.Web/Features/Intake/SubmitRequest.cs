using System.Security.Cryptography;
using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Intake;

/// <summary>R1.1 as the form and the API send it: raw text, validated here in one place.</summary>
public sealed record SubmitRequestCommand(
    string? Name,
    string? Phone,
    string? Messenger,
    string? Email,
    string? TimeZone,
    string? Note,
    Guid? PreferredConsultantId,
    bool ConsentAccepted,
    string? IpAddress);

public sealed record SubmittedRequest(Guid Id, string Number, RequestStatus Status, DateTime AdminDueAt);

/// <summary>Per-IP flood guard for request intake, shared by the form and the API.</summary>
public sealed class IntakeRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public IntakeRateLimiter(IOptions<IntakeOptions> options)
    {
        var o = options.Value;
        _limiter = PartitionedRateLimiter.Create<string, string>(ip => RateLimitPartition.GetFixedWindowLimiter(ip, _ =>
            new FixedWindowRateLimiterOptions { PermitLimit = o.PerIpPermitLimit, Window = o.PerIpWindow, QueueLimit = 0 }));
    }

    public bool TryAcquire(string? ip)
    {
        using var lease = _limiter.AttemptAcquire(ip ?? "unknown");
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}

public sealed class SubmitRequestHandler(
    AppDbContext db,
    TimeProvider clock,
    IOptions<CenterPolicy> policy,
    IOptions<IntakeOptions> intake,
    IntakeRateLimiter ipLimiter,
    ILogger<SubmitRequestHandler> log)
{
    public static IReadOnlyDictionary<string, Messenger> Messengers { get; } = new Dictionary<string, Messenger>(StringComparer.OrdinalIgnoreCase)
    {
        ["whatsapp"] = Messenger.WhatsApp,
        ["telegram"] = Messenger.Telegram,
        ["max"] = Messenger.Max,
        ["phone"] = Messenger.Phone,
    };

    public async Task<Outcome<SubmittedRequest>> HandleAsync(SubmitRequestCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var (details, errors) = Parse(command);
        if (details is not null)
        {
            foreach (var (field, error) in details.Validate())
            {
                errors.TryAdd(field, error);
            }
        }

        if (!command.ConsentAccepted)
        {
            errors["ConsentAccepted"] = DomainError.Of(ErrorCodes.ConsentRequired);
        }

        if (details?.PreferredConsultantId is { } chosen
            && !await db.Consultants.AnyAsync(c => c.Id == chosen && c.Published, ct))
        {
            errors["PreferredConsultantId"] = DomainError.Of(ErrorCodes.ConsultantNotFound);
        }

        if (errors.Count > 0 || details is null)
        {
            return Outcome<SubmittedRequest>.Invalid(errors);
        }

        if (!ipLimiter.TryAcquire(command.IpAddress))
        {
            log.LogWarning("Request intake refused: too many requests from one address");
            return DomainError.Of(ErrorCodes.RateLimited);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var dayAgo = now.AddDays(-1);
        if (await db.Requests.CountAsync(r => r.Phone == details.Phone && r.SubmittedAt > dayAgo, ct) >= intake.Value.MaxPerPhonePerDay)
        {
            log.LogWarning("Request intake refused: too many requests for one phone number today");
            return DomainError.Of(ErrorCodes.RateLimited);
        }

        var mother = await db.Mothers.SingleOrDefaultAsync(m => m.Phone == details.Phone, ct);
        if (mother is not null)
        {
            // R6: after R2.2 or R5.2 only the paid services remain; she is told why, not silently refused.
            if (!mother.MayRequestFreeHelp)
            {
                return DomainError.Of(ErrorCodes.NotEligible, ("eligibility", mother.Eligibility.ToString()));
            }

            var open = await db.Requests.Where(r => r.MotherId == mother.Id && r.Status != RequestStatus.Closed)
                .OrderBy(r => r.SubmittedAt).Select(r => r.Number).FirstOrDefaultAsync(ct);
            if (open is not null)
            {
                return DomainError.Of(ErrorCodes.RequestAlreadyOpen, ("number", open));
            }

            mother.RefreshContactDetails(details, now);
        }
        else
        {
            mother = Mother.Register(details, now);
            db.Mothers.Add(mother);
        }

        var consent = new ConsentRecord(intake.Value.ConsentVersion, now, command.IpAddress);
        var created = ConsultationRequest.Submit(details, consent, mother.Id, NewNumber(), now, policy.Value, Actor.Anonymous());
        if (created.Value is not { } request)
        {
            return created.Error!;
        }

        db.Requests.Add(request);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Two submissions of the same mother raced; the unique indexes let exactly one through.
            db.ChangeTracker.Clear();
            var winner = await OpenNumberAsync(details.Phone, ct);
            if (winner is null)
            {
                throw;
            }

            return DomainError.Of(ErrorCodes.RequestAlreadyOpen, ("number", winner));
        }

        log.LogInformation("Request {RequestId} submitted", request.Id);
        return Outcome<SubmittedRequest>.Ok(new SubmittedRequest(request.Id, request.Number, request.Status, request.AdminDueAt));
    }

    /// <summary>"K7M-42Q": short, unambiguous on the phone (no 0/O, 1/I), not guessable, not a count of our requests.</summary>
    public static string NewNumber()
    {
        var raw = RandomNumberGenerator.GetString("23456789ABCDEFGHJKMNPQRSTUVWXYZ", 6);
        return $"{raw[..3]}-{raw[3..]}";
    }

    private static (RequestDetails? Details, Dictionary<string, DomainError> Errors) Parse(SubmitRequestCommand c)
    {
        var errors = new Dictionary<string, DomainError>();
        if (!Phones.TryNormalize(c.Phone, out var phone))
        {
            errors[nameof(RequestDetails.Phone)] = DomainError.Of(ErrorCodes.InvalidPhone);
        }

        var messenger = Messenger.WhatsApp;
        if (!string.IsNullOrWhiteSpace(c.Messenger) && !Messengers.TryGetValue(c.Messenger.Trim(), out messenger))
        {
            errors[nameof(RequestDetails.Messenger)] = DomainError.Of(ErrorCodes.InvalidMessenger);
        }

        var email = string.IsNullOrWhiteSpace(c.Email) ? null : c.Email.Trim();
        var details = new RequestDetails(
            c.Name?.Trim() ?? "",
            errors.ContainsKey(nameof(RequestDetails.Phone)) ? "+0" : phone,
            messenger,
            email,
            c.TimeZone?.Trim() ?? "",
            c.Note,
            c.PreferredConsultantId);
        return (details, errors);
    }

    private Task<string?> OpenNumberAsync(string phone, CancellationToken ct) =>
        db.Requests.Where(r => r.Phone == phone && r.Status != RequestStatus.Closed).OrderBy(r => r.SubmittedAt).Select(r => r.Number).FirstOrDefaultAsync(ct);
}
