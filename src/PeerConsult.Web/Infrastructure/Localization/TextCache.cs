using System.Globalization;
using Microsoft.Extensions.Localization;

namespace PeerConsult.Web.Infrastructure.Localization;

/// <summary>
/// A localizer's texts remembered for one rendering. A page that repeats the same labels on every row of a table
/// (column names for the phone layout, statuses, clock words) asks the resource manager once per text, not once per
/// row. Not shared between requests: the culture is the request's.
/// </summary>
public sealed class TextCache(IStringLocalizer text)
{
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    public string this[string key]
    {
        get
        {
            if (!_texts.TryGetValue(key, out var value))
            {
                value = text[key].Value;
                _texts[key] = value;
            }

            return value;
        }
    }

    /// <summary>The text with its placeholders filled, as <see cref="IStringLocalizer"/> does (current culture).</summary>
    public string this[string key, params object[] arguments] => string.Format(CultureInfo.CurrentCulture, this[key], arguments);
}
