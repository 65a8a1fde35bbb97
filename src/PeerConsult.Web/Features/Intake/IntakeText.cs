using System.Globalization;
using System.Resources;

namespace PeerConsult.Web.Features.Intake;

/// <summary>Marker for the request form's texts and the versioned consent text (IntakeText.resx: Russian, IntakeText.en.resx: English).</summary>
public sealed class IntakeText
{
    private static readonly ResourceManager Resources = new(typeof(IntakeText));
    private static readonly CultureInfo[] Cultures = [CultureInfo.InvariantCulture, new("en")];
    private static readonly string[] ConsentParts = ["Label", "Summary", "Full"];

    /// <summary>R1.1: a consent version is usable only when its text exists in every language; checked at start.</summary>
    public static bool HasConsentText(string version) =>
        Cultures.All(culture =>
            ConsentParts.All(part => Resources.GetString($"Consent.{version}.{part}", culture) is { Length: > 0 }));
}
