using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Domain.Common;
using PeerConsult.Domain.Consultants;
using PeerConsult.Web.Infrastructure;
using PeerConsult.Web.Infrastructure.Auth;
using PeerConsult.Web.Infrastructure.Http;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Features.Consultants;

/// <summary>The administrator's form for a consultant, as typed (phone not yet normalised).</summary>
public sealed record ConsultantInput(
    string? DisplayName,
    string? Email,
    string? Phone,
    string? TimeZone,
    string? Bio,
    IReadOnlyList<string>? Topics,
    IReadOnlyList<string>? Languages,
    int MaxActiveMothers,
    bool Published);

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

    public async Task<Outcome<CreatedConsultant>> CreateAsync(ConsultantInput input, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (profile, errors) = ToProfile(input);
        if (errors.Count > 0)
        {
            return Outcome<CreatedConsultant>.Invalid(errors);
        }

        var email = profile.Email.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            return Outcome<CreatedConsultant>.Invalid(new Dictionary<string, DomainError> { ["Email"] = DomainError.Of(ErrorCodes.EmailTaken) });
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = profile.DisplayName.Trim(), TimeZone = profile.TimeZone };
        var createdUser = await users.CreateAsync(user);
        if (!createdUser.Succeeded)
        {
            log.LogWarning("Consultant account not created: {Codes}", string.Join(",", createdUser.Errors.Select(e => e.Code)));
            return Outcome<CreatedConsultant>.Invalid(new Dictionary<string, DomainError> { ["Email"] = DomainError.Of(ErrorCodes.EmailTaken) });
        }

        await users.AddToRoleAsync(user, Roles.Consultant);
        var consultant = Consultant.Create(profile, user.Id, clock.GetUtcNow().UtcDateTime);
        if (consultant.Value is null)
        {
            return consultant.Error!;
        }

        db.Consultants.Add(consultant.Value);
        await db.SaveChangesAsync(ct);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        await tx.CommitAsync(ct);
        log.LogInformation("Consultant {ConsultantId} created", consultant.Value.Id);
        return Outcome<CreatedConsultant>.Ok(new CreatedConsultant(consultant.Value.Id, user.Id, token));
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
        var (profile, errors) = ToProfile(input with { Email = consultant.Email });
        if (errors.Count > 0)
        {
            return Outcome<Guid>.Invalid(errors);
        }

        var updated = consultant.UpdateProfile(profile);
        if (!updated.IsSuccess)
        {
            return updated.Error!;
        }

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

    private static (ConsultantProfile Profile, Dictionary<string, DomainError> Errors) ToProfile(ConsultantInput input)
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

        return (profile, errors);
    }
}
