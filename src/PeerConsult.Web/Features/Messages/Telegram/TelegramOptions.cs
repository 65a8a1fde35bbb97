using Microsoft.Extensions.Options;

namespace PeerConsult.Web.Features.Messages.Telegram;

/// <summary>The Center's Telegram bot (configuration section "Telegram"); off unless <see cref="Enabled"/>.</summary>
public sealed class TelegramOptions
{
    public const string SectionName = "Telegram";

    public bool Enabled { get; set; }

    /// <summary>From @BotFather; a secret (it is part of every API address, so API calls are never logged).</summary>
    public string BotToken { get; set; } = "";

    /// <summary>The bot's @name without the @, for the t.me deep link.</summary>
    public string BotUsername { get; set; } = "";

    /// <summary>Set with setWebhook's secret_token; Telegram sends it in X-Telegram-Bot-Api-Secret-Token.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Tests point this at a local fake of api.telegram.org.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>How long a linking link stays valid.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(1);

    public string? Problem()
    {
        if (!Enabled)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(BotToken) || !BotToken.Contains(':', StringComparison.Ordinal))
        {
            return "Telegram:BotToken is required (\"123456:ABC…\" from @BotFather) when Telegram:Enabled is true.";
        }

        if (string.IsNullOrWhiteSpace(BotUsername))
        {
            return "Telegram:BotUsername is required when Telegram:Enabled is true.";
        }

        // Telegram allows 1-256 characters A-Z, a-z, 0-9, _ and -; short secrets can be guessed.
        if (WebhookSecret.Length is < 24 or > 256 || !WebhookSecret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            return "Telegram:WebhookSecret must be 24-256 characters of A-Z, a-z, 0-9, _ and - when Telegram:Enabled is true.";
        }

        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
        {
            return "Telegram:ApiBaseUrl must be an absolute http(s) address.";
        }

        return LinkLifetime <= TimeSpan.Zero ? "Telegram:LinkLifetime must be greater than zero." : null;
    }
}

public sealed class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}

/// <summary>A mother's Telegram chat, linked by her opening the bot's deep link; messages for her then go there.</summary>
public sealed class TelegramLink
{
    private TelegramLink()
    {
    }

    public Guid MotherId { get; private set; }

    public long ChatId { get; private set; }

    public DateTime LinkedAt { get; private set; }

    public static TelegramLink Create(Guid motherId, long chatId, DateTime now) => new() { MotherId = motherId, ChatId = chatId, LinkedAt = now };

    public void Relink(long chatId, DateTime now)
    {
        ChatId = chatId;
        LinkedAt = now;
    }
}

/// <summary>The one-time token in a deep link (t.me/bot?start=token); only its hash is stored.</summary>
public sealed class TelegramLinkToken
{
    private TelegramLinkToken()
    {
    }

    public Guid Id { get; private set; }

    public Guid MotherId { get; private set; }

    public string TokenHash { get; private set; } = "";

    public DateTime ExpiresAt { get; private set; }

    public DateTime? UsedAt { get; private set; }

    public static TelegramLinkToken Create(Guid motherId, string tokenHash, DateTime expiresAt) => new()
    {
        Id = Guid.CreateVersion7(),
        MotherId = motherId,
        TokenHash = tokenHash,
        ExpiresAt = expiresAt,
    };
}
