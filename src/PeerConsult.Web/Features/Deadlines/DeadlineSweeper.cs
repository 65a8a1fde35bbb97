using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Localization;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Deadlines;

public sealed record SweepResult(int Closed, int Reminded, int Overdue, int Warned)
{
    public int Total => Closed + Reminded + Overdue + Warned;
}

/// <summary>
/// Applies every deadline that is due at <c>now</c> (R1.2, R2.1, R2.2). Safe to run twice, to crash half-way, and to
/// run on two machines at once: transitions are applied in transactions of up to
/// <see cref="DeadlineOptions.TransitionsPerTransaction"/>, each guarded by the requests' versions (a compare-and-set on
/// their state), and each message has a unique de-duplication key. A conflicting transaction rolls back whole and its
/// transitions are retried one at a time. After downtime it catches up.
/// </summary>
public sealed class DeadlineSweeper(
    AppDbContext db,
    IOptions<CenterPolicy> policyOptions,
    IOptions<DeadlineOptions> options,
    IOptions<CenterOptions> center,
    MessageComposer composer,
    ILogger<DeadlineSweeper> log)
{
    private CenterPolicy Policy => policyOptions.Value;

    public async Task<SweepResult> RunOnceAsync(DateTime now, CancellationToken ct)
    {
        // Closing first: a mother whose request closes in this pass gets the closure, not a stale reminder. Only the
        // closure has effects beyond the request's own row, history line and messages (isolated: false, see below).
        var closed = await ApplyAllAsync(
            db.Requests.Where(r => r.Status == RequestStatus.AwaitingMotherContact && r.AutoCloseAt <= now).OrderBy(r => r.AutoCloseAt),
            (request, ct2) => CloseAsync(request, now, ct2),
            isolated: false,
            ct);
        var reminded = await ApplyAllAsync(
            db.Requests.Where(r => r.Status == RequestStatus.AwaitingMotherContact && r.MotherRemindedAt == null && r.MotherContactDueAt <= now).OrderBy(r => r.MotherContactDueAt),
            (request, ct2) => RemindAsync(request, now, ct2),
            isolated: true,
            ct);
        var overdue = await ApplyAllAsync(
            db.Requests.Where(r => r.Status == RequestStatus.New && r.AdminOverdueAt == null && r.AdminDueAt <= now).OrderBy(r => r.AdminDueAt),
            (request, ct2) => Task.FromResult(MarkOverdue(request, now)),
            isolated: true,
            ct);
        var warned = await ApplyAllAsync(
            db.Requests.Where(r => r.Status == RequestStatus.New && r.AdminWarnedAt == null && r.AdminWarningAt <= now).OrderBy(r => r.AdminWarningAt),
            (request, ct2) => Task.FromResult(MarkWarning(request, now)),
            isolated: true,
            ct);
        var result = new SweepResult(closed, reminded, overdue, warned);
        if (result.Total > 0)
        {
            log.LogInformation("Deadline sweep applied {Closed} closures, {Reminded} reminders, {Overdue} overdue flags, {Warned} warnings", closed, reminded, overdue, warned);
        }

        return result;
    }

    /// <summary>
    /// Takes due requests in batches and applies them a few hundred per transaction (<see
    /// cref="DeadlineOptions.TransitionsPerTransaction"/>): one commit per transaction instead of one per transition. A
    /// conflicting transaction is rolled back whole and its requests are then applied one at a time, so one conflict
    /// loses nothing else. <paramref name="isolated"/>: the transition changes nothing but the request's row, its
    /// history and its messages, so a batch can drop the requests another sweeper changed first and keep the rest.
    /// </summary>
    private async Task<int> ApplyAllAsync(IQueryable<ConsultationRequest> due, Func<ConsultationRequest, CancellationToken, Task<bool>> apply, bool isolated, CancellationToken ct)
    {
        var applied = 0;
        var skipped = new HashSet<Guid>();
        var perTransaction = Math.Max(1, options.Value.TransitionsPerTransaction);
        while (true)
        {
            var exclude = skipped.ToList();
            var ids = await due.Select(r => r.Id).Where(id => !exclude.Contains(id)).Take(options.Value.BatchSize).ToListAsync(ct);
            if (ids.Count == 0)
            {
                return applied;
            }

            foreach (var chunk in ids.Chunk(perTransaction))
            {
                var batch = chunk.Length == 1 ? null : await ApplyBatchAsync(chunk, apply, isolated, ct);

                // A single transition, a batch that conflicted with another sweeper (nothing of it kept), or the
                // requests another sweeper changed under an isolated batch: one transaction each, re-read.
                var done = batch?.Done ?? [];
                foreach (var id in batch is null ? chunk : batch.Lost.ToArray())
                {
                    if (await ApplyOneAsync(id, apply, ct))
                    {
                        done.Add(id);
                    }
                }

                applied += done.Count;
                skipped.UnionWith(chunk.Where(id => !done.Contains(id)));
            }
        }
    }

    /// <summary>What a batch applied, and the requests whose row another transaction changed after it was read.</summary>
    private sealed record BatchResult(HashSet<Guid> Done, HashSet<Guid> Lost);

    /// <summary>
    /// Several transitions in one transaction, retried whole by the execution strategy after a transient failure, or
    /// null when the save conflicted (another sweeper got there first): then nothing of it was kept and the caller goes
    /// one by one. The requests are written with one set-based compare-and-set (<see cref="VersionCheckedUpdate"/>) that
    /// says which rows still had the version read; history lines and messages are written only for those. A request it
    /// did not change was changed by another transaction: in an isolated batch its transition is dropped from this
    /// transaction (and retried alone by the caller), otherwise the batch rolls back whole.
    /// </summary>
    private Task<BatchResult?> ApplyBatchAsync(Guid[] ids, Func<ConsultationRequest, CancellationToken, Task<bool>> apply, bool isolated, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var requests = await db.Requests.Include(r => r.Assignments).Where(r => ids.Contains(r.Id)).ToListAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                var done = new HashSet<Guid>();
                foreach (var request in requests)
                {
                    if (await apply(request, ct))
                    {
                        done.Add(request.Id);
                    }
                }

                var lost = new HashSet<Guid>();
                if (done.Count > 0)
                {
                    // Every change to the entities' own properties has been made: detect them once. What follows changes
                    // tracked state only through the change tracker's API (versions, accepted rows, inserted rows), so
                    // the four or five scans of every tracked entity that automatic detection would make per batch
                    // (Entries(), the interceptor, SaveChanges) are not needed (issue #8: 13 % of a cold sweep's CPU).
                    db.ChangeTracker.DetectChanges();
                    db.ChangeTracker.AutoDetectChangesEnabled = false;

                    // The requests first, as one compare-and-set per statement instead of one UPDATE each (issue #8).
                    db.BumpVersions();
                    var changed = await VersionCheckedUpdate.UpdateAsync<Guid>(db, [.. db.ChangeTracker.Entries<ConsultationRequest>()], ct);
                    lost.UnionWith(done.Where(id => !changed.Contains(id)));
                    if (lost.Count > 0)
                    {
                        if (!isolated)
                        {
                            throw new DbUpdateConcurrencyException($"{lost.Count} of the batch's requests changed since they were read.");
                        }

                        log.LogInformation("Deadline batch of {Count}: {Lost} already applied elsewhere or changed since read; applying those one at a time", ids.Length, lost.Count);
                        Forget(lost);
                        done.ExceptWith(lost);
                    }

                    // The batch's history lines and outbox rows go in one multi-row INSERT per table (issue #8: one
                    // statement per row was most of a sweep); decisions and mothers follow through SaveChanges. All in
                    // this transaction: a conflict in any of them rolls back all.
                    await MultiRowInsert.InsertAsync(db, [.. db.ChangeTracker.Entries().Where(e => e.Entity is RequestEvent or OutboxMessage)], ct);
                    await db.SaveChangesAsync(ct);
                    await tx.CommitAsync(ct);
                }

                return new BatchResult(done, lost);
            }
            catch (DbUpdateException ex)
            {
                // Rolled back whole (the transaction is disposed uncommitted): the caller retries these one at a time.
                log.LogInformation("Deadline batch of {Count}: some already applied elsewhere ({Error}); applying them one at a time", ids.Length, ex.GetType().Name);
                db.ChangeTracker.Clear();
                return null;
            }
            finally
            {
                db.ChangeTracker.AutoDetectChangesEnabled = true;
            }
        });

    /// <summary>Drops what this transaction did to these requests (their row, history lines and messages) from the change tracker.</summary>
    private void Forget(HashSet<Guid> requestIds)
    {
        foreach (var entry in db.ChangeTracker.Entries().ToList())
        {
            var requestId = entry.Entity switch
            {
                ConsultationRequest request => request.Id,
                RequestEvent line => line.RequestId,
                OutboxMessage message => message.RequestId,
                _ => null,
            };
            if (requestId is { } id && requestIds.Contains(id))
            {
                entry.State = EntityState.Detached;
            }
        }
    }

    /// <summary>
    /// One transition in one transaction, retried whole by the database's execution strategy after a transient
    /// failure (PostgreSQL). False when there was nothing to do or another sweeper did it first.
    /// </summary>
    private Task<bool> ApplyOneAsync(Guid id, Func<ConsultationRequest, CancellationToken, Task<bool>> apply, CancellationToken ct) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            var request = await db.Requests.Include(r => r.Assignments).SingleOrDefaultAsync(r => r.Id == id, ct);
            if (request is null)
            {
                return false;
            }

            await using var tx = await db.Database.BeginTransactionAsync(ct);
            try
            {
                if (!await apply(request, ct))
                {
                    return false;
                }

                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
                return true;
            }
            catch (DbUpdateException ex)
            {
                // Another sweeper (another instance) applied it first: its version moved on, or the message key exists.
                log.LogInformation("Deadline for request {RequestId} already applied elsewhere ({Error})", id, ex.GetType().Name);
                db.ChangeTracker.Clear();
                return false;
            }
        });

    private async Task<bool> CloseAsync(ConsultationRequest request, DateTime now, CancellationToken ct)
    {
        var consultantId = request.ConsultantId;
        if (!request.CloseForNoContact(now, Policy))
        {
            return false;
        }

        // R2.2: from now on only the paid services (R6), decided by the system with its evidence.
        var mother = await db.Mothers.SingleAsync(m => m.Id == request.MotherId, ct);
        mother.RestrictToPaidForNoContact(request.Id, request.Number, now, Policy, now);
        if (consultantId is { } cid)
        {
            await db.Consultants.Where(c => c.Id == cid && c.ActiveMothers > 0)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.ActiveMothers, c => c.ActiveMothers - 1).SetProperty(c => c.Version, c => c.Version + 1), ct);
        }

        var hours = Hours(Policy.MotherContactCloseAfter);
        Queue("mother.closed-no-contact", $"r2.2:{request.Id}:mother", RecipientKind.Mother, request.MotherId, request, new()
        {
            ["name"] = request.Name,
            ["number"] = request.Number,
            ["hours"] = hours,
            ["url"] = center.Value.PaidServicesUrl,
        }, now);
        if (consultantId is { } consultant)
        {
            Queue("consultant.request-closed", $"r2.2:{request.Id}:consultant", RecipientKind.Consultant, consultant, request, new()
            {
                ["number"] = request.Number,
                ["hours"] = hours,
            }, now);
        }

        return true;
    }

    private async Task<bool> RemindAsync(ConsultationRequest request, DateTime now, CancellationToken ct)
    {
        if (!request.RemindMother(now, Policy) || request.ConsultantId is not { } consultantId)
        {
            return false;
        }

        var consultant = await db.Consultants.AsNoTracking().Where(c => c.Id == consultantId).Select(c => new { c.DisplayName, c.Phone }).SingleAsync(ct);
        Queue("mother.reminder", $"r2.1:{request.Id}:{request.ConsultantContactSentAt:O}:mother", RecipientKind.Mother, request.MotherId, request, new()
        {
            ["name"] = request.Name,
            ["consultant"] = consultant.DisplayName,
            ["phone"] = Phones.Pretty(consultant.Phone),
            ["closeAt"] = Times.Format(request.AutoCloseAt!.Value, request.TimeZone, MessageComposer.DefaultCulture),
        }, now);
        Queue("consultant.not-in-touch", $"r2.1:{request.Id}:{request.ConsultantContactSentAt:O}:consultant", RecipientKind.Consultant, consultantId, request, new()
        {
            ["number"] = request.Number,
        }, now);
        return true;
    }

    private bool MarkOverdue(ConsultationRequest request, DateTime now)
    {
        if (!request.MissAdminDeadline(now, Policy))
        {
            return false;
        }

        Queue("admin.overdue", $"r1.2-overdue:{request.Id}", RecipientKind.Administrators, null, request, new()
        {
            ["number"] = request.Number,
            ["hours"] = Hours(Policy.AdminResponseDeadline),
            ["due"] = Times.Format(request.AdminDueAt, Policy.CenterTimeZone, MessageComposer.DefaultCulture),
        }, now);
        return true;
    }

    private bool MarkWarning(ConsultationRequest request, DateTime now)
    {
        if (!request.ReachAdminWarning(now, Policy))
        {
            return false;
        }

        Queue("admin.warning", $"r1.2-warning:{request.Id}", RecipientKind.Administrators, null, request, new()
        {
            ["number"] = request.Number,
            ["left"] = Times.Duration(request.AdminDueAt - now, MessageComposer.DefaultCulture),
            ["due"] = Times.Format(request.AdminDueAt, Policy.CenterTimeZone, MessageComposer.DefaultCulture),
        }, now);
        return true;
    }

    private void Queue(string kind, string dedupKey, RecipientKind recipient, Guid? recipientId, ConsultationRequest request, Dictionary<string, string> args, DateTime now) =>
        db.OutboxMessages.Add(OutboxMessage.Create(kind, dedupKey, recipient, recipientId, request.Id, ChannelRouter.Auto, composer.Compose(kind, args), now, args));

    private static string Hours(TimeSpan span) => Times.Duration(span, MessageComposer.DefaultCulture);
}
