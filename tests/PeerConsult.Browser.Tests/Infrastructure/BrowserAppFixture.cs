using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Browser.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel (a free port) with a real SQLite database in a temp folder and a FakeTimeProvider,
/// driven by Debian's Chromium through Playwright. Nothing reaches the outside world.
/// </summary>
public sealed partial class BrowserAppFixture : IAsyncLifetime
{
    public const string AdminEmail = "admin@browser.test";
    public const string AdminPassword = "Browser-Admin-Pass-1";

    /// <summary>A Monday morning in Moscow; clocks move only when a test advances them.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "peerconsult-browser-" + Guid.NewGuid().ToString("N"));
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly string[] _browserArgs;
    private AppFactory? _factory;
    private IPlaywright? _playwright;

    public BrowserAppFixture()
        : this(new Dictionary<string, string?>(), [])
    {
    }

    /// <summary>An app of its own (its own clock and database) with extra settings and Chromium switches, for journeys that move the clock.</summary>
    internal BrowserAppFixture(IReadOnlyDictionary<string, string?> settings, string[] browserArgs)
    {
        _settings = settings;
        _browserArgs = browserArgs;
    }

    public FakeTimeProvider Clock { get; } = new(Start);

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        _factory = new AppFactory(Path.Combine(_dataDir, "pc.db"), Clock, _settings);
        _factory.UseKestrel(0);
        _factory.StartServer();
        BaseAddress = _factory.ClientOptions.BaseAddress;

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PEERCONSULT_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", .. _browserArgs],
        });
    }

    /// <summary>A fresh browser context (cookies, storage) sized like a phone or a laptop.</summary>
    public async Task<IPage> NewPageAsync(bool phone = true, string locale = "ru-RU", IEnumerable<string>? permissions = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Permissions = permissions,
            BaseURL = BaseAddress.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 360, Height = 780 } : new ViewportSize { Width = 1280, Height = 900 },
            Locale = locale,
            TimezoneId = "Europe/Moscow",
            IsMobile = phone,
            HasTouch = phone,
        });
        context.SetDefaultTimeout(15000);
        return await context.NewPageAsync();
    }

    /// <summary>The newest sign-in code sent to the mother with this phone (E.164), read from the outbox as a messenger would carry it.</summary>
    public async Task<string> LatestSignInCodeAsync(string phone)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var motherId = await db.Mothers.Where(m => m.Phone == phone).Select(m => m.Id).SingleAsync();
        var body = await db.OutboxMessages
            .Where(m => m.Kind == MotherSignInHandler.CodeMessageKind && m.RecipientId == motherId)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Select(m => m.Body).FirstAsync();
        return CodeInBody().Match(body).Groups[1].Value;
    }

    /// <summary>Saves a screenshot under artifacts/screenshots for a person to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var dir = Path.Combine(RepoRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a closing connection; the temp folder is cleaned by the OS.
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PeerConsult.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Path.GetTempPath();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"код для входа: (\d{6})\.")]
    private static partial System.Text.RegularExpressions.Regex CodeInBody();

    private sealed class AppFactory(string databasePath, FakeTimeProvider clock, IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Path", databasePath);
            builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
            builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
            builder.UseSetting("Demo:Seed", "true");
            builder.UseSetting("Deadlines:Enabled", "false");
            builder.UseSetting("Outbox:Enabled", "false");
            builder.UseSetting("Intake:PerIpPermitLimit", "1000");
            builder.UseSetting("Intake:MaxPerPhonePerDay", "1000");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(clock);
            });
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserAppFixture>
{
    public const string Name = "browser";
}
