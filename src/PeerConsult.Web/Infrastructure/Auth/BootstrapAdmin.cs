using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Infrastructure.Auth;

public sealed class BootstrapOptions
{
    public const string SectionName = "Bootstrap";

    public string? AdminEmail { get; set; }

    public string? AdminPassword { get; set; }
}

/// <summary>
/// First start on an empty database: roles exist and one administrator can sign in. There is no default password:
/// either configuration names one, or a random one is printed once to the console.
/// </summary>
public static class BootstrapAdmin
{
    public const string DefaultEmail = "admin@peerconsult.local";

    public static async Task<string?> EnsureAsync(IServiceProvider services, BootstrapOptions options, CancellationToken ct)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Check(await roles.CreateAsync(new IdentityRole<Guid>(role)));
            }
        }

        var db = services.GetRequiredService<AppDbContext>();
        var adminRoleId = await db.Roles.Where(r => r.Name == Roles.Administrator).Select(r => r.Id).SingleAsync(ct);
        if (await db.UserRoles.AnyAsync(ur => ur.RoleId == adminRoleId, ct))
        {
            return null;
        }

        var email = string.IsNullOrWhiteSpace(options.AdminEmail) ? DefaultEmail : options.AdminEmail.Trim();
        var generated = string.IsNullOrEmpty(options.AdminPassword);
        var password = generated ? GeneratePassword() : options.AdminPassword!;
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var admin = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "Administrator" };
        Check(await users.CreateAsync(admin, password));
        Check(await users.AddToRoleAsync(admin, Roles.Administrator));

        var banner = generated
            ? $"Administrator account created: {email} / password {password}  (shown once — change it after signing in)"
            : $"Administrator account created: {email} (password from configuration Bootstrap:AdminPassword)";
        await Console.Out.WriteLineAsync(banner);
        return email;
    }

    /// <summary>16 characters from an alphabet without look-alikes, so it can be read off a terminal.</summary>
    public static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", 16);

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Bootstrap failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
