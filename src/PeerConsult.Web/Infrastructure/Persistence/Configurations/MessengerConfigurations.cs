using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PeerConsult.Domain.Mothers;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Features.Messages.Telegram;

namespace PeerConsult.Web.Infrastructure.Persistence.Configurations;

public sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> builder)
    {
        builder.ToTable("InboundMessages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Channel).HasMaxLength(16).IsRequired();
        builder.Property(m => m.ExternalId).HasMaxLength(200).IsRequired();
        builder.Property(m => m.Text).HasMaxLength(InboundMessage.TextMaxLength).IsRequired();
        builder.HasOne<Mother>().WithMany().HasForeignKey(m => m.MotherId).OnDelete(DeleteBehavior.Cascade);

        // A webhook delivered twice (or replayed) is one message.
        builder.HasIndex(m => new { m.Channel, m.ExternalId }).IsUnique();
        builder.HasIndex(m => new { m.RequestId, m.ReceivedAt });
        builder.HasIndex(m => new { m.MotherId, m.Channel, m.ReceivedAt });
    }
}

public sealed class TelegramLinkConfiguration : IEntityTypeConfiguration<TelegramLink>
{
    public void Configure(EntityTypeBuilder<TelegramLink> builder)
    {
        builder.ToTable("TelegramLinks");
        builder.HasKey(l => l.MotherId);
        builder.HasOne<Mother>().WithOne().HasForeignKey<TelegramLink>(l => l.MotherId).OnDelete(DeleteBehavior.Cascade);

        // One chat, one mother.
        builder.HasIndex(l => l.ChatId).IsUnique();
    }
}

public sealed class TelegramLinkTokenConfiguration : IEntityTypeConfiguration<TelegramLinkToken>
{
    public void Configure(EntityTypeBuilder<TelegramLinkToken> builder)
    {
        builder.ToTable("TelegramLinkTokens");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.TokenHash).HasMaxLength(64).IsRequired();
        builder.HasOne<Mother>().WithMany().HasForeignKey(t => t.MotherId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(t => t.TokenHash).IsUnique();
    }
}
