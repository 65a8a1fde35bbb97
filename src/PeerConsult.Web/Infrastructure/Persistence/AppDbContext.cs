using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Domain.Consultants;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Requests;
using PeerConsult.Web.Features.ConsultantDesk;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Features.Messages.Telegram;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Features.Video;
using PeerConsult.Web.Infrastructure.Persistence.Configurations;

namespace PeerConsult.Web.Infrastructure.Persistence;

/// <summary>
/// The one database. Provider-specific subclasses (<see cref="SqliteAppDbContext"/>) exist only so each provider
/// keeps its own migration set; the model is defined here once.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>Sign-in cookies and anti-forgery tokens stay valid across restarts and across instances.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<Mother> Mothers => Set<Mother>();

    public DbSet<InboundMessage> InboundMessages => Set<InboundMessage>();

    public DbSet<TelegramLink> TelegramLinks => Set<TelegramLink>();

    public DbSet<TelegramLinkToken> TelegramLinkTokens => Set<TelegramLinkToken>();

    public DbSet<ConsultationRequest> Requests => Set<ConsultationRequest>();

    public DbSet<RequestEvent> RequestEvents => Set<RequestEvent>();

    public DbSet<RequestContact> RequestContacts => Set<RequestContact>();

    public DbSet<Assignment> Assignments => Set<Assignment>();

    public DbSet<Consultant> Consultants => Set<Consultant>();

    public DbSet<ConsultantPhoto> ConsultantPhotos => Set<ConsultantPhoto>();

    public DbSet<EligibilityDecision> EligibilityDecisions => Set<EligibilityDecision>();

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();

    public DbSet<Violation> Violations => Set<Violation>();

    public DbSet<Meeting> Meetings => Set<Meeting>();

    public DbSet<MeetingChange> MeetingChanges => Set<MeetingChange>();

    public DbSet<BusyQuarter> BusyQuarters => Set<BusyQuarter>();

    public DbSet<ConsultantAvailability> Availabilities => Set<ConsultantAvailability>();
    public DbSet<MotherSignInToken> MotherSignInTokens => Set<MotherSignInToken>();

    public DbSet<ConsultantCalendarToken> CalendarTokens => Set<ConsultantCalendarToken>();

    public DbSet<MeetingRoom> MeetingRooms => Set<MeetingRoom>();

    public DbSet<MeetingJoin> MeetingJoins => Set<MeetingJoin>();

    public DbSet<PreMeetingCheck> PreMeetingChecks => Set<PreMeetingCheck>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<AppUser>(user =>
        {
            user.Property(u => u.DisplayName).HasMaxLength(AppUser.DisplayNameMaxLength);
            user.Property(u => u.TimeZone).HasMaxLength(64);
        });
        builder.ApplyConfiguration(new MotherConfiguration());
        builder.ApplyConfiguration(new ConsultationRequestConfiguration());
        builder.ApplyConfiguration(new RequestEventConfiguration());
        builder.ApplyConfiguration(new RequestContactConfiguration());
        builder.ApplyConfiguration(new AssignmentConfiguration());
        builder.ApplyConfiguration(new ConsultantConfiguration());
        builder.ApplyConfiguration(new ConsultantPhotoConfiguration());
        builder.ApplyConfiguration(new EligibilityDecisionConfiguration());
        builder.ApplyConfiguration(new OutboxMessageConfiguration());
        builder.ApplyConfiguration(new ViolationConfiguration());
        builder.ApplyConfiguration(new MeetingConfiguration());
        builder.ApplyConfiguration(new MeetingChangeConfiguration());
        builder.ApplyConfiguration(new BusyQuarterConfiguration());
        builder.ApplyConfiguration(new ConsultantAvailabilityConfiguration());
        builder.ApplyConfiguration(new MotherSignInTokenConfiguration());
        builder.ApplyConfiguration(new ConsultantCalendarTokenConfiguration());
        builder.ApplyConfiguration(new MeetingRoomConfiguration());
        builder.ApplyConfiguration(new MeetingJoinConfiguration());
        builder.ApplyConfiguration(new PreMeetingCheckConfiguration());
        builder.ApplyConfiguration(new InboundMessageConfiguration());
        builder.ApplyConfiguration(new TelegramLinkConfiguration());
        builder.ApplyConfiguration(new TelegramLinkTokenConfiguration());
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);

        // Instants are UTC DateTime columns both providers compare in SQL (STYLE.md, Time).
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcDateTimeConverter>();

        // Statuses are stored as text so the database reads like the domain.
        configurationBuilder.Properties<RequestStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<Messenger>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ContactChannel>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<ClosedReason>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<RequestEventKind>().HaveConversion<string>().HaveMaxLength(48);
        configurationBuilder.Properties<Eligibility>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<ViolationKind>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<OutboxStatus>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<RecipientKind>().HaveConversion<string>().HaveMaxLength(16);
        configurationBuilder.Properties<MeetingStatus>().HaveConversion<string>().HaveMaxLength(32);
        configurationBuilder.Properties<Initiator>().HaveConversion<string>().HaveMaxLength(16);
    }

    /// <summary>
    /// Application-managed concurrency tokens: every update of a versioned row bumps its Version (from the version read,
    /// so calling it twice is harmless). SaveChanges calls it; so does a caller that writes rows itself
    /// (<see cref="VersionCheckedUpdate"/>).
    /// </summary>
    internal void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Modified && entry.Metadata.FindProperty("Version") is { IsConcurrencyToken: true })
            {
                var version = entry.Property("Version");
                version.CurrentValue = (int)version.OriginalValue! + 1;
            }
        }
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);
