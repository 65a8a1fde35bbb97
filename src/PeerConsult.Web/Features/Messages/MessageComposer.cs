using System.Globalization;
using Microsoft.Extensions.Localization;

namespace PeerConsult.Web.Features.Messages;

/// <summary>Renders a message template in a given language, whatever the current request's culture is.</summary>
public sealed class MessageComposer(IStringLocalizer<MessageText> text)
{
    public static readonly CultureInfo DefaultCulture = new("ru");

    public string Compose(string kind, IReadOnlyDictionary<string, string> args, CultureInfo? culture = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture ?? DefaultCulture;
        try
        {
            var template = text[kind];
            if (template.ResourceNotFound)
            {
                throw new InvalidOperationException($"No message template '{kind}'.");
            }

            var body = template.Value;
            foreach (var (key, value) in args)
            {
                body = body.Replace("{" + key + "}", value, StringComparison.Ordinal);
            }

            return body;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
