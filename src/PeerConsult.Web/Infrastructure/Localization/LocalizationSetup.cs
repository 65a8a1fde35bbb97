using System.Globalization;
using Microsoft.AspNetCore.Localization;

namespace PeerConsult.Web.Infrastructure.Localization;

/// <summary>Marker for the error messages (ErrorText.resx: Russian, ErrorText.en.resx: English).</summary>
public sealed class ErrorText;

/// <summary>Marker for texts every page shares: layout, navigation, time words (SharedText.resx).</summary>
public sealed class SharedText;

public static class LocalizationSetup
{
    public static readonly CultureInfo[] Supported = [new("ru"), new("en")];

    public static WebApplicationBuilder AddTexts(this WebApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            // Russian is the default; English on request (a cookie set by the language switch, or ?culture=en).
            o.DefaultRequestCulture = new RequestCulture("ru");
            o.SupportedCultures = Supported;
            o.SupportedUICultures = Supported;
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });
        return builder;
    }

    /// <summary>POST /culture: the language switch in the page footer.</summary>
    public static void MapCultureSwitch(this WebApplication app) =>
        app.MapPost("/culture", (HttpContext http, string culture, string? returnUrl) =>
        {
            var chosen = Supported.Any(c => c.Name == culture) ? culture : "ru";
            http.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = null, IsEssential = true, SameSite = SameSiteMode.Lax, MaxAge = TimeSpan.FromDays(365) });
            return Results.LocalRedirect(string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal) ? "/" : returnUrl);
        }).AllowAnonymous().ExcludeFromDescription();
}
