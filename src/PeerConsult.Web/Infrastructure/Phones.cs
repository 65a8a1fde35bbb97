using PhoneNumbers;

namespace PeerConsult.Web.Infrastructure;

/// <summary>Phone numbers as people type them ("8 916 123-45-67") become E.164 ("+79161234567").</summary>
public static class Phones
{
    public const string DefaultRegion = "RU";

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool TryNormalize(string? input, out string e164, string region = DefaultRegion)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 32)
        {
            return false;
        }

        try
        {
            var parsed = Util.Parse(input, region);
            if (!Util.IsValidNumber(parsed))
            {
                return false;
            }

            e164 = Util.Format(parsed, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>"+7 916 123-45-67" for people to read.</summary>
    public static string Pretty(string e164)
    {
        try
        {
            return Util.Format(Util.Parse(e164, DefaultRegion), PhoneNumberFormat.INTERNATIONAL);
        }
        catch (NumberParseException)
        {
            return e164;
        }
    }

    /// <summary>Digits only, as wa.me links want them.</summary>
    public static string Digits(string e164) => new([.. e164.Where(char.IsAsciiDigit)]);
}
