using System.ComponentModel.DataAnnotations;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace PeerConsult.Web.Features.Messages.Email;

/// <summary>The Center's SMTP account (configuration section "Email"); off unless <see cref="Enabled"/>.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    public bool Enabled { get; set; }

    public string Host { get; set; } = "";

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>StartTls (port 587), SslOnConnect (465), or None (a relay on a trusted network; tests).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>Empty: the server takes mail without signing in.</summary>
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    public string FromAddress { get; set; } = "";

    public string FromName { get; set; } = "";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Why the options cannot work, or null; checked at start when e-mail is enabled.</summary>
    public string? Problem()
    {
        if (!Enabled)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(Host))
        {
            return "Email:Host is required when Email:Enabled is true.";
        }

        if (!MimeKit.MailboxAddress.TryParse(FromAddress, out var from) || !from.Address.Contains('@', StringComparison.Ordinal))
        {
            return "Email:FromAddress must be an e-mail address when Email:Enabled is true.";
        }

        if (!string.IsNullOrEmpty(UserName) && string.IsNullOrEmpty(Password))
        {
            return "Email:Password is required when Email:UserName is set.";
        }

        return Timeout <= TimeSpan.Zero ? "Email:Timeout must be greater than zero." : null;
    }
}

/// <summary>Says exactly which e-mail setting is wrong, so the app refuses to start with a sentence an operator can act on.</summary>
public sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
    }
}
