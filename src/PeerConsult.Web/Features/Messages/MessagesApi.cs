using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Messages;

public sealed record MessageRow(Guid Id, string Kind, string Channel, RecipientKind Recipient, Guid? RecipientId, Guid? RequestId, string? RequestNumber, OutboxStatus Status, int Attempts, DateTime CreatedAt, DateTime? SentAt, string? LastError, string Body, string? FallbackNote, string? ProviderStatus);

/// <summary>The messages the system meant to send and what became of them, newest first.</summary>
public sealed class MessagesQuery(AppDbContext db)
{
    public const int PageSize = 100;

    public Task<List<MessageRow>> ListAsync(Guid? requestId, OutboxStatus? status, CancellationToken ct)
    {
        var query = db.OutboxMessages.AsNoTracking();
        if (requestId is { } id)
        {
            query = query.Where(m => m.RequestId == id);
        }

        if (status is { } s)
        {
            query = query.Where(m => m.Status == s);
        }

        return query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(PageSize)
            .Select(m => new MessageRow(
                m.Id,
                m.Kind,
                m.Channel,
                m.Recipient,
                m.RecipientId,
                m.RequestId,
                db.Requests.Where(r => r.Id == m.RequestId).Select(r => r.Number).FirstOrDefault(),
                m.Status,
                m.Attempts,
                m.CreatedAt,
                m.SentAt,
                m.LastError,
                m.Body,
                m.FallbackNote,
                m.ProviderStatus))
            .ToListAsync(ct);
    }
}

public static class MessagesApi
{
    public sealed record MessageBody(Guid Id, string Kind, string Channel, string Recipient, Guid? RequestId, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? SentAt, string? LastError, string Body, string? FallbackNote, string? ProviderStatus);

    public static RouteGroupBuilder MapMessagesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/messages", ListAsync).RequireAuthorization(Policies.Administrator).WithTags("Messages").WithName("ListMessages");
        api.MapPost("/messages/{id:guid}/mark-sent", MarkSentAsync).RequireAuthorization(Policies.Administrator).WithTags("Messages").WithName("MarkMessageSent");
        return api;
    }

    private static async Task<Ok<List<MessageBody>>> ListAsync(Guid? requestId, MessagesQuery query, CancellationToken ct) =>
        TypedResults.Ok((await query.ListAsync(requestId, null, ct)).Select(m => new MessageBody(
            m.Id,
            m.Kind,
            m.Channel,
            m.Recipient.ToString().ToLowerInvariant(),
            m.RequestId,
            m.Status.ToString().ToLowerInvariant(),
            m.Attempts,
            ApiJson.Instant(m.CreatedAt),
            ApiJson.Instant(m.SentAt),
            m.LastError,
            m.Body,
            m.FallbackNote,
            m.ProviderStatus)).ToList());

    private static async Task<Results<NoContent, NotFound, Conflict<ProblemDetails>>> MarkSentAsync(Guid id, ClaimsPrincipal user, ManualMessages manual, TimeProvider clock, CancellationToken ct)
    {
        var userId = user.UserId() ?? throw new InvalidOperationException("An administrator endpoint without a signed-in user.");
        return await manual.MarkSentAsync(id, userId, clock.GetUtcNow().UtcDateTime, ct) switch
        {
            MarkSentResult.Marked => TypedResults.NoContent(),
            MarkSentResult.NotFound => TypedResults.NotFound(),
            MarkSentResult.NotManual => TypedResults.Conflict(new ProblemDetails
            {
                Title = "The message is not waiting to be sent by hand.",
                Status = StatusCodes.Status409Conflict,
                Extensions = { ["code"] = "not-manual" },
            }),
            _ => throw new InvalidOperationException("Unknown result."),
        };
    }
}
