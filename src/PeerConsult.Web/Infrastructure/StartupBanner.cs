using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PeerConsult.Web.Infrastructure.Auth;

namespace PeerConsult.Web.Infrastructure;

/// <summary>Tells a new user, in the terminal, where to open the app and how to sign in.</summary>
public static class StartupBanner
{
    public static void Print(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var url = addresses.FirstOrDefault() ?? "http://localhost:5080";
        var admin = app.Configuration["Bootstrap:AdminEmail"] is { Length: > 0 } configured ? configured : BootstrapAdmin.DefaultEmail;
        Console.WriteLine();
        Console.WriteLine("  PeerConsult is running.");
        Console.WriteLine($"  Open:            {url}/");
        Console.WriteLine($"  Staff sign-in:   {url}/account/login  as {admin}");
        Console.WriteLine("                   (the password was printed above on first start, or comes from Bootstrap:AdminPassword)");
        Console.WriteLine($"  Mothers sign in: {url}/my  with a code; until a messenger is configured the code waits");
        Console.WriteLine($"                   for staff to pass on at {url}/admin/messages/manual");
        Console.WriteLine($"  API description: {url}/openapi/v1.json");
        Console.WriteLine("  Stop with Ctrl+C.");
        Console.WriteLine();
    }
}
