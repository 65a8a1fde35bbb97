using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Consultants;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Consultants;

/// <summary>
/// The administrator's form for a consultant, as typed (phone not yet normalised). Photo holds the bytes of a newly
/// chosen file, if any; it wins over RemovePhoto when both are given.
/// </summary>
public sealed record ConsultantInput(
    string? DisplayName,
    string? Email,
    string? Phone,
    string? TimeZone,
    string? Bio,
    IReadOnlyList<string>? Topics,
    IReadOnlyList<string>? Languages,
    int MaxActiveMothers,
    bool Published,
    ReadOnlyMemory<byte>? Photo = null,
    bool RemovePhoto = false);

/// <summary>A new consultant and the one-time link with which she sets her own password.</summary>
public sealed record CreatedConsultant(Guid Id, Guid UserId, string SetPasswordToken);

public sealed record ConsultantRow(Guid Id, string DisplayName, string Email, string Phone, string TimeZone, int ActiveMothers, int MaxActiveMothers, bool Published);

public sealed class ManageConsultantsHandler(AppDbContext db, UserManager<AppUser> users, TimeProvider clock, ILogger<ManageConsultantsHandler> log)
{
    public Task<List<ConsultantRow>> ListAsync(CancellationToken ct) =>
        db.Consultants.AsNoTracking().OrderBy(c => c.DisplayName)
            .Select(c => new ConsultantRow(c.Id, c.DisplayName, c.Email, c.Phone, c.TimeZone, c.ActiveMothers, c.MaxActiveMothers, c.Published))
            .ToListAsync(ct);

    public Task<Consultant?> FindAsync(Guid id, CancellationToken ct) =>
        db.Consultants.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);

    /// <summary>Her current photo whether or not she is published: the administrator's preview.</summary>
    public Task<StoredPhoto?> PhotoAsync(Guid id, CancellationToken ct) =>
        (from c in db.Consultants
         join p in db.ConsultantPhotos on c.Id equals p.ConsultantId
         where c.Id == id && c.PhotoVersion > 0
         select new StoredPhoto(p.ContentType, p.Bytes, c.PhotoVersion, p.UpdatedAt))
        .AsNoTracking().SingleOrDefaultAsync(ct);

    public async Task<Outcome<CreatedConsultant>> CreateAsync(ConsultantInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (profile, photo, errors) = ToProfile(input);
        if (errors.Count > 0)
        {
            return Outcome<CreatedConsultant>.Invalid(errors);
        }

        var email = profile.Email.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return Outcome<CreatedConsultant>.Invalid(new Dictionary<string, DomainError> { ["Email"] = DomainError.Of(ErrorCodes.EmailTaken) });
        }

        // The account and the profile are one unit of work, retried whole after a transient failure (PostgreSQL).
        var created = await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = profile.DisplayName.Trim(), TimeZone = profile.TimeZone };
            var createdUser = await users.CreateAsync(user);
            if (!createdUser.Succeeded)
            {
                log.LogWarning("Consultant account not created: {Codes}", string.Join(",", createdUser.Errors.Select(e => e.Code)));
                return Outcome<(AppUser, Consultant)>.Invalid(new Dictionary<string, DomainError> { ["Email"] = DomainError.Of(ErrorCodes.EmailTaken) });
            }

            await users.AddToRoleAsync(user, Roles.Consultant);
            var now = clock.GetUtcNow().UtcDateTime;
            var consultant = Consultant.Create(profile, user.Id, now);
            if (consultant.Value is null)
            {
                return Outcome<(AppUser, Consultant)>.Fail(consultant.Error!);
            }

            db.Consultants.Add(consultant.Value);
            if (photo is not null)
            {
                db.ConsultantPhotos.Add(ConsultantPhoto.Create(consultant.Value.Id, photo, now));
                consultant.Value.PhotoChanged(now);
            }

            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return Outcome<(AppUser, Consultant)>.Ok((user, consultant.Value));
        });
        if (!created.IsSuccess)
        {
            return created.FieldErrors is { } fields ? Outcome<CreatedConsultant>.Invalid(fields) : created.Error!;
        }

        var (user, consultant) = created.Value;

        // After the commit: the token may need Data Protection to store its first key, through another connection.
        var token = await users.GeneratePasswordResetTokenAsync(user);
        log.LogInformation("Consultant {ConsultantId} created", consultant.Id);
        return Outcome<CreatedConsultant>.Ok(new CreatedConsultant(consultant.Id, user.Id, token));
    }

    public async Task<Outcome<Guid>> UpdateAsync(Guid id, ConsultantInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var consultant = await db.Consultants.SingleOrDefaultAsync(c => c.Id == id, ct);
        if (consultant is null)
        {
            return DomainError.Of(ErrorCodes.ConsultantNotFound);
        }

        // The e-mail is her sign-in name; it is not changed from this form.
        var (profile, photo, errors) = ToProfile(input with { Email = consultant.Email });
        if (errors.Count > 0)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        var updated = consultant.UpdateProfile(profile);
        if (!updated.IsSuccess)
        {
            return updated.Error!;
        }

        await ChangePhotoAsync(consultant, photo, input.RemovePhoto, ct);

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return DomainError.Of(ErrorCodes.Concurrency);
        }

        return Outcome<Guid>.Ok(consultant.Id);
    }

    private async Task ChangePhotoAsync(Consultant consultant, PhotoImage? photo, bool remove, CancellationToken ct)
    {
        if (photo is null && !(remove && consultant.HasPhoto))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var stored = await db.ConsultantPhotos.SingleOrDefaultAsync(p => p.ConsultantId == consultant.Id, ct);
        if (photo is null)
        {
            if (stored is not null)
            {
                db.ConsultantPhotos.Remove(stored);
            }

            consultant.PhotoRemoved();
            log.LogInformation("Consultant {ConsultantId} photo removed", consultant.Id);
            return;
        }

        if (stored is null)
        {
            db.ConsultantPhotos.Add(ConsultantPhoto.Create(consultant.Id, photo, now));
        }
        else
        {
            stored.Replace(photo, now);
        }

        consultant.PhotoChanged(now);
        log.LogInformation("Consultant {ConsultantId} photo changed ({ContentType}, {Bytes} bytes)", consultant.Id, photo.ContentType, photo.Bytes.Length);
    }

    private static (ConsultantProfile Profile, PhotoImage? Photo, Dictionary<string, DomainError> Errors) ToProfile(ConsultantInput input)
    {
        var errors = new Dictionary<string, DomainError>();
        if (!Phones.TryNormalize(input.Phone, out var phone))
        {
            errors[nameof(ConsultantProfile.Phone)] = DomainError.Of(ErrorCodes.InvalidPhone);
        }

        var profile = new ConsultantProfile(
            input.DisplayName?.Trim() ?? "",
            input.Email?.Trim() ?? "",
            errors.Count > 0 ? "+0" : phone,
            input.TimeZone?.Trim() ?? "",
            input.Bio,
            input.Topics,
            input.Languages,
            input.MaxActiveMothers,
            input.Published);
        foreach (var (field, error) in profile.Validate())
        {
            errors.TryAdd(field, error);
        }

        PhotoImage? photo = null;
        if (input.Photo is { } bytes)
        {
            var image = PhotoImage.Create(bytes);
            if (image.Value is null)
            {
                errors["Photo"] = image.Error!;
            }

            photo = image.Value;
        }

        return (profile, photo, errors);
    }
}
