using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PeerConsult.Domain.Consultants;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Features.ConsultantDesk;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Features.Portal;

namespace PeerConsult.Web.Infrastructure.Persistence.Configurations;

public sealed class MotherConfiguration : IEntityTypeConfiguration<Mother>
{
    public void Configure(EntityTypeBuilder<Mother> builder)
    {
        builder.ToTable("Mothers");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Phone).HasMaxLength(RequestDetails.PhoneMaxLength).IsRequired();
        builder.Property(m => m.Name).HasMaxLength(RequestDetails.NameMaxLength).IsRequired();
        builder.Property(m => m.Email).HasMaxLength(RequestDetails.EmailMaxLength);
        builder.Property(m => m.TimeZone).HasMaxLength(64).IsRequired();
        builder.Property(m => m.Version).IsConcurrencyToken();

        // One mother per phone number, even when two requests arrive at the same instant.
        builder.HasIndex(m => m.Phone).IsUnique();
        builder.HasIndex(m => m.UserId).IsUnique();
        builder.HasMany(m => m.Decisions).WithOne().HasForeignKey(d => d.MotherId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Decisions).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(m => m.Violations).WithOne().HasForeignKey(v => v.MotherId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Violations).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

public sealed class ConsultationRequestConfiguration : IEntityTypeConfiguration<ConsultationRequest>
{
    public void Configure(EntityTypeBuilder<ConsultationRequest> builder)
    {
        builder.ToTable("Requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Number).HasMaxLength(16).IsRequired();
        builder.Property(r => r.Name).HasMaxLength(RequestDetails.NameMaxLength).IsRequired();
        builder.Property(r => r.Phone).HasMaxLength(RequestDetails.PhoneMaxLength).IsRequired();
        builder.Property(r => r.Email).HasMaxLength(RequestDetails.EmailMaxLength);
        builder.Property(r => r.TimeZone).HasMaxLength(64).IsRequired();
        builder.Property(r => r.Note).HasMaxLength(RequestDetails.NoteMaxLength);
        builder.Property(r => r.ConsentVersion).HasMaxLength(32).IsRequired();
        builder.Property(r => r.ConsentIpAddress).HasMaxLength(45);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasOne<Mother>().WithMany().HasForeignKey(r => r.MotherId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Consultant>().WithMany().HasForeignKey(r => r.ConsultantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Consultant>().WithMany().HasForeignKey(r => r.PreferredConsultantId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(r => r.History).WithOne().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Contacts).WithOne().HasForeignKey(c => c.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Assignments).WithOne().HasForeignKey(a => a.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(r => r.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(r => r.Contacts).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(r => r.Assignments).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.HasIndex(r => r.Number).IsUnique();
        builder.HasIndex(r => r.Phone);

        // At most one open request per mother: the database, not a check-then-insert, stops a double submission.
        builder.HasIndex(r => r.MotherId).IsUnique().HasFilter("\"Status\" <> 'Closed'").HasDatabaseName("IX_Requests_MotherId_Open");

        // The sweeper's closures (R2.2) by status and close time; also the queue's counts by status (an index-only scan).
        // Full (Status, AdminDueAt / AdminWarningAt / MotherContactDueAt) indexes were dropped (docs/perf-pg.md): the
        // partial indexes below and IX_Requests_Waiting serve every query that used them, and each index on Requests
        // is written again by every status change (a booking's first contact, every sweep transition).
        builder.HasIndex(r => new { r.Status, r.AutoCloseAt });
        builder.HasIndex(r => r.ConsultantId);

        // The administrator's queue leads with the open requests still waiting for her contact, by due time; a
        // partial index keeps that read (and its counters) proportional to what is waiting, not to history.
        builder.HasIndex(r => r.AdminDueAt).HasFilter("\"Status\" <> 'Closed' AND \"ContactedAt\" IS NULL").HasDatabaseName("IX_Requests_Waiting");

        // The sweeper's due lists (issue #8): only what is still to happen, so a pass reads what is due and nothing it
        // already applied (a warned request stays New for hours; (Status, AdminWarningAt) made each pass skip all of them).
        // Status leads as in the full indexes: SQLite's planner then prefers these (without it, it kept the full one).
        builder.HasIndex(r => new { r.Status, r.AdminWarningAt }, "IX_Requests_WarningDue").HasFilter("\"Status\" = 'New' AND \"AdminWarnedAt\" IS NULL");
        builder.HasIndex(r => new { r.Status, r.AdminDueAt }, "IX_Requests_OverdueDue").HasFilter("\"Status\" = 'New' AND \"AdminOverdueAt\" IS NULL");
        builder.HasIndex(r => new { r.Status, r.MotherContactDueAt }, "IX_Requests_ReminderDue").HasFilter("\"Status\" = 'AwaitingMotherContact' AND \"MotherRemindedAt\" IS NULL");
    }
}

public sealed class RequestEventConfiguration : IEntityTypeConfiguration<RequestEvent>
{
    public void Configure(EntityTypeBuilder<RequestEvent> builder)
    {
        builder.ToTable("RequestEvents");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.ActorRole).HasMaxLength(32).IsRequired();
        builder.Property(e => e.Data).HasMaxLength(4000).IsRequired();
        builder.Property(e => e.Policy).HasMaxLength(2000).IsRequired();
        builder.HasIndex(e => new { e.RequestId, e.At });
    }
}

public sealed class RequestContactConfiguration : IEntityTypeConfiguration<RequestContact>
{
    public void Configure(EntityTypeBuilder<RequestContact> builder)
    {
        builder.ToTable("RequestContacts");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Note).HasMaxLength(1000);
        builder.HasIndex(c => c.RequestId);
    }
}

public sealed class AssignmentConfiguration : IEntityTypeConfiguration<Assignment>
{
    public void Configure(EntityTypeBuilder<Assignment> builder)
    {
        builder.ToTable("Assignments");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Reason).HasMaxLength(500);
        builder.HasOne<Consultant>().WithMany().HasForeignKey(a => a.ConsultantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.RequestId);
        builder.HasIndex(a => a.ConsultantId);
    }
}

public sealed class ConsultantConfiguration : IEntityTypeConfiguration<Consultant>
{
    public void Configure(EntityTypeBuilder<Consultant> builder)
    {
        builder.ToTable("Consultants", t => t.HasCheckConstraint("CK_Consultants_ActiveMothers", "\"ActiveMothers\" >= 0"));
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.DisplayName).HasMaxLength(Consultant.DisplayNameMaxLength).IsRequired();
        builder.Property(c => c.Email).HasMaxLength(RequestDetails.EmailMaxLength).IsRequired();
        builder.Property(c => c.Phone).HasMaxLength(RequestDetails.PhoneMaxLength).IsRequired();
        builder.Property(c => c.TimeZone).HasMaxLength(64).IsRequired();
        builder.Property(c => c.Bio).HasMaxLength(Consultant.BioMaxLength);
        builder.PrimitiveCollection(c => c.Topics).HasMaxLength(1000);
        builder.PrimitiveCollection(c => c.Languages).HasMaxLength(1000);
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasOne<AppUser>().WithOne().HasForeignKey<Consultant>(c => c.UserId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(c => c.UserId).IsUnique();
        builder.HasIndex(c => c.Email).IsUnique();
        builder.HasIndex(c => new { c.Published, c.DisplayName });
    }
}

public sealed class ConsultantPhotoConfiguration : IEntityTypeConfiguration<ConsultantPhoto>
{
    public void Configure(EntityTypeBuilder<ConsultantPhoto> builder)
    {
        builder.ToTable("ConsultantPhotos");
        builder.HasKey(p => p.ConsultantId);
        builder.Property(p => p.ConsultantId).ValueGeneratedNever();
        builder.Property(p => p.ContentType).HasMaxLength(ConsultantPhoto.ContentTypeMaxLength).IsRequired();
        builder.Property(p => p.Bytes).IsRequired();
        builder.HasOne<Consultant>().WithOne().HasForeignKey<ConsultantPhoto>(p => p.ConsultantId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class EligibilityDecisionConfiguration : IEntityTypeConfiguration<EligibilityDecision>
{
    public void Configure(EntityTypeBuilder<EligibilityDecision> builder)
    {
        builder.ToTable("EligibilityDecisions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.Rule).HasMaxLength(16).IsRequired();
        builder.Property(d => d.Evidence).HasMaxLength(4000).IsRequired();
        builder.Property(d => d.Policy).HasMaxLength(2000).IsRequired();
        builder.Property(d => d.DecidedByRole).HasMaxLength(32).IsRequired();
        builder.Property(d => d.Reason).HasMaxLength(EligibilityDecision.ReasonMaxLength);
        builder.HasIndex(d => new { d.MotherId, d.At });
    }
}

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Kind).HasMaxLength(64).IsRequired();
        builder.Property(m => m.DedupKey).HasMaxLength(200).IsRequired();
        builder.Property(m => m.Channel).HasMaxLength(32).IsRequired();
        builder.Property(m => m.Body).HasMaxLength(OutboxMessage.BodyMaxLength).IsRequired();
        builder.Property(m => m.LastError).HasMaxLength(1000);
        builder.Property(m => m.FallbackNote).HasMaxLength(1000);
        builder.Property(m => m.TemplateArgs).HasMaxLength(OutboxMessage.BodyMaxLength);
        builder.Property(m => m.ProviderMessageId).HasMaxLength(200);
        builder.Property(m => m.ProviderStatus).HasMaxLength(16);
        builder.HasIndex(m => m.ProviderMessageId);

        // One event, one message — even when two sweepers race.
        builder.HasIndex(m => m.DedupKey).IsUnique();
        builder.HasIndex(m => new { m.Status, m.NextAttemptAt });
        builder.HasIndex(m => new { m.RequestId, m.CreatedAt });
    }
}

public sealed class ViolationConfiguration : IEntityTypeConfiguration<Violation>
{
    public void Configure(EntityTypeBuilder<Violation> builder)
    {
        builder.ToTable("Violations");
        builder.HasKey(v => v.Id);
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.Property(v => v.WaiveReason).HasMaxLength(EligibilityDecision.ReasonMaxLength);

        // R5.1: one meeting's event is one violation, however often it is recorded.
        builder.HasIndex(v => new { v.MotherId, v.MeetingId, v.Kind, v.OccurredAt }).IsUnique();
    }
}

public sealed class MeetingConfiguration : IEntityTypeConfiguration<Meeting>
{
    public void Configure(EntityTypeBuilder<Meeting> builder)
    {
        builder.ToTable("Meetings");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasOne<ConsultationRequest>().WithMany().HasForeignKey(m => m.RequestId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Mother>().WithMany().HasForeignKey(m => m.MotherId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Consultant>().WithMany().HasForeignKey(m => m.ConsultantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(m => m.Changes).WithOne().HasForeignKey(c => c.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(m => m.Changes).UsePropertyAccessMode(PropertyAccessMode.Field);

        // R3.2 reads a mother's meetings, slots read a consultant's, R5.2 finds her future scheduled ones.
        builder.HasIndex(m => new { m.MotherId, m.Start });
        builder.HasIndex(m => new { m.ConsultantId, m.Start });
        builder.HasIndex(m => new { m.Status, m.Start });
        builder.HasIndex(m => m.RequestId);
    }
}

public sealed class MeetingChangeConfiguration : IEntityTypeConfiguration<MeetingChange>
{
    public const int ReasonMaxLength = 500;

    public void Configure(EntityTypeBuilder<MeetingChange> builder)
    {
        builder.ToTable("MeetingChanges");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Reason).HasMaxLength(ReasonMaxLength);
        builder.HasIndex(c => new { c.MeetingId, c.RecordedAt });
    }
}

public sealed class BusyQuarterConfiguration : IEntityTypeConfiguration<BusyQuarter>
{
    public void Configure(EntityTypeBuilder<BusyQuarter> builder)
    {
        builder.ToTable("ConsultantBusyQuarters");

        // The key is the guarantee: one consultant, one quarter, one meeting (ADR 0005).
        builder.HasKey(q => new { q.ConsultantId, q.Quarter }).HasName("PK_ConsultantBusyQuarters");
        builder.HasOne<Consultant>().WithMany().HasForeignKey(q => q.ConsultantId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Meeting>().WithMany().HasForeignKey(q => q.MeetingId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(q => q.MeetingId);
    }
}

public sealed class ConsultantAvailabilityConfiguration : IEntityTypeConfiguration<ConsultantAvailability>
{
    public void Configure(EntityTypeBuilder<ConsultantAvailability> builder)
    {
        builder.ToTable("ConsultantAvailability");
        builder.HasKey(a => a.ConsultantId);
        builder.Property(a => a.ConsultantId).ValueGeneratedNever();
        builder.Property(a => a.TimeZone).HasMaxLength(64).IsRequired();
        builder.Property(a => a.Weekly).HasMaxLength(ConsultantAvailability.WeeklyMaxLength).IsRequired();
        builder.Property(a => a.Exceptions).HasMaxLength(ConsultantAvailability.ExceptionsMaxLength).IsRequired();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<Consultant>().WithOne().HasForeignKey<ConsultantAvailability>(a => a.ConsultantId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class MotherSignInTokenConfiguration : IEntityTypeConfiguration<MotherSignInToken>
{
    public void Configure(EntityTypeBuilder<MotherSignInToken> builder)
    {
        builder.ToTable("MotherSignInTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Kind).HasConversion<string>().HasMaxLength(8);
        builder.Property(t => t.Hash).HasMaxLength(MotherSignInToken.HashMaxLength).IsRequired();
        builder.HasOne<Mother>().WithMany().HasForeignKey(t => t.MotherId).OnDelete(DeleteBehavior.Cascade);

        // Codes are found by mother (rate limit, superseding); links by the hash of the token in the URL.
        builder.HasIndex(t => new { t.MotherId, t.CreatedAt });
        builder.HasIndex(t => t.Hash);
    }
}

public sealed class ConsultantCalendarTokenConfiguration : IEntityTypeConfiguration<ConsultantCalendarToken>
{
    public void Configure(EntityTypeBuilder<ConsultantCalendarToken> builder)
    {
        builder.ToTable("ConsultantCalendarTokens");

        // One address per consultant; a calendar app finds her by the hash of the token in the URL.
        builder.HasKey(t => t.ConsultantId);
        builder.Property(t => t.ConsultantId).ValueGeneratedNever();
        builder.Property(t => t.Hash).HasMaxLength(ConsultantCalendarToken.HashLength).IsRequired();
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.HasOne<Consultant>().WithOne().HasForeignKey<ConsultantCalendarToken>(t => t.ConsultantId).OnDelete(DeleteBehavior.Cascade);
    }
}
