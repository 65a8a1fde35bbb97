using Microsoft.Extensions.Options;

namespace PeerConsult.Web.Features.Messages.WhatsApp;

/// <summary>An approved message template: its name and which message values fill its body parameters, in order.</summary>
public sealed class WhatsAppTemplate
{
    public string Name { get; set; } = "";

    /// <summary>Names of the message's values for {{1}}, {{2}}, … ("name", "consultant", "phone").</summary>
    public List<string> Parameters { get; set; } = [];

    /// <summary>Authentication templates: the "copy code" button carries this value (usually "code").</summary>
    public string? CodeButtonParameter { get; set; }
}

/// <summary>The Center's WhatsApp Business Cloud API account (configuration section "WhatsApp"); off unless enabled.</summary>
public sealed class WhatsAppOptions
{
    public const string SectionName = "WhatsApp";

    public bool Enabled { get; set; }

    /// <summary>Tests point this at a local fake of graph.facebook.com.</summary>
    public string ApiBaseUrl { get; set; } = "https://graph.facebook.com";

    public string ApiVersion { get; set; } = "v21.0";

    public string PhoneNumberId { get; set; } = "";

    /// <summary>A system user's permanent token; a secret.</summary>
    public string AccessToken { get; set; } = "";

    /// <summary>The Meta app's secret: the webhook's X-Hub-Signature-256 is an HMAC-SHA256 of the body with it.</summary>
    public string AppSecret { get; set; } = "";

    /// <summary>Chosen by the Center and entered in the app dashboard; echoed in the webhook's verification GET.</summary>
    public string VerifyToken { get; set; } = "";

    /// <summary>Language code of the approved templates.</summary>
    public string TemplateLanguage { get; set; } = "ru";

    /// <summary>Per message kind ("mother.reminder"), the approved template used outside the 24-hour window.</summary>
    public Dictionary<string, WhatsAppTemplate> Templates { get; set; } = [];

    public TimeSpan CustomerServiceWindow { get; set; } = TimeSpan.FromHours(24);

    public string? Problem()
    {
        if (!Enabled)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(PhoneNumberId) || !PhoneNumberId.All(char.IsAsciiDigit))
        {
            return "WhatsApp:PhoneNumberId (digits, from the WhatsApp Manager) is required when WhatsApp:Enabled is true.";
        }

        if (string.IsNullOrWhiteSpace(AccessToken))
        {
            return "WhatsApp:AccessToken is required when WhatsApp:Enabled is true.";
        }

        if (AppSecret.Length < 16)
        {
            return "WhatsApp:AppSecret (the Meta app's secret, to check webhook signatures) is required when WhatsApp:Enabled is true.";
        }

        if (VerifyToken.Length < 16)
        {
            return "WhatsApp:VerifyToken must be at least 16 characters when WhatsApp:Enabled is true.";
        }

        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https") || string.IsNullOrWhiteSpace(ApiVersion))
        {
            return "WhatsApp:ApiBaseUrl must be an absolute http(s) address and WhatsApp:ApiVersion set (\"v21.0\").";
        }

        return Templates.FirstOrDefault(t => string.IsNullOrWhiteSpace(t.Value.Name)) is { Key: { } kind }
            ? $"WhatsApp:Templates:{kind}:Name is required."
            : null;
    }
}

public sealed class WhatsAppOptionsValidator : IValidateOptions<WhatsAppOptions>
{
    public ValidateOptionsResult Validate(string? name, WhatsAppOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
