using PeerConsult.Domain.Common;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;

namespace PeerConsult.Domain.Tests.Builders;

/// <summary>
/// Builds a request at a given stage through its public methods only, at the literal instants of <see cref="Times"/>.
/// Each step records its action at the instant it happened (now == at).
/// </summary>
internal sealed class RequestBuilder
{
    private RequestDetails _details = Details.Valid();
    private CenterPolicy _policy = new();
    private DateTime _submittedAt = Times.Submitted;
    private DateTime? _contactedAt;
    private DateTime? _assignedAt;
    private Guid _consultantId = Ids.ConsultantA;
    private DateTime? _contactSentAt;

    public static RequestBuilder Submitted() => new();

    public RequestBuilder WithDetails(RequestDetails details)
    {
        _details = details;
        return this;
    }

    public RequestBuilder WithPolicy(CenterPolicy policy)
    {
        _policy = policy;
        return this;
    }

    public RequestBuilder SubmittedAt(DateTime at)
    {
        _submittedAt = at;
        return this;
    }

    public RequestBuilder Contacted(DateTime? at = null)
    {
        _contactedAt = at ?? Times.Contacted;
        return this;
    }

    public RequestBuilder Assigned(Guid? consultantId = null, DateTime? at = null)
    {
        _contactedAt ??= Times.Contacted;
        _consultantId = consultantId ?? Ids.ConsultantA;
        _assignedAt = at ?? Times.Assigned;
        return this;
    }

    public RequestBuilder ContactSent(DateTime? at = null)
    {
        if (_assignedAt is null)
        {
            Assigned();
        }

        _contactSentAt = at ?? Times.ContactSent;
        return this;
    }

    public ConsultationRequest Build()
    {
        var request = Succeeded(ConsultationRequest.Submit(_details, Details.Consent(), Ids.Mother, "K7M-42Q", _submittedAt, _policy, Actor.Anonymous()));
        if (_contactedAt is { } contactedAt)
        {
            Succeeded(request.RecordContact(contactedAt, ContactChannel.WhatsApp, "Договорились подобрать консультанта", Details.Admin, contactedAt));
        }

        if (_assignedAt is { } assignedAt)
        {
            Succeeded(request.Assign(_consultantId, "Выбрана мамой", Details.Admin, assignedAt));
        }

        if (_contactSentAt is { } sentAt)
        {
            Succeeded(request.MarkConsultantContactSent(sentAt, Details.Admin, sentAt, _policy));
        }

        return request;
    }

    private static T Succeeded<T>(Result<T> result) =>
        result.IsSuccess ? result.Value! : throw new InvalidOperationException($"Builder step failed: {result.Error!.Code}.");

    private static void Succeeded(Result result)
    {
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"Builder step failed: {result.Error!.Code}.");
        }
    }
}
