using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using PeerConsult.Web.Infrastructure.Persistence;

namespace PeerConsult.Web.Tests.Infrastructure;

/// <summary>
/// The whole app in memory: the real pipeline and migrations on a private SQLite database, a clock the tests move.
/// One per test class (IClassFixture) or per test where the clock or the limits must be its own.
/// </summary>
public sealed class PeerConsultFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "test-admin-password-2026";

    /// <summary>Monday 2 March 2026, 12:00 in Moscow: every factory's clock starts here.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private static int _counter;

    private readonly Dictionary<string, string?> _settings;
    private readonly string _connectionString;
    private readonly Action<IServiceCollection>? _extraServices;
    private readonly bool _realClock;
    private readonly DbProvider _provider;
    private readonly string? _postgres;
    private readonly bool _ownsPostgres;

    // A named shared-cache in-memory database lives while at least one connection to it is open; this one is
    // held for the factory's lifetime. Each DbContext opens its own connection to it, so concurrent requests
    // really run concurrently against SQLite (one shared SqliteConnection object is not thread-safe).
    private readonly SqliteConnection _keepAlive;

    public PeerConsultFactory()
        : this((IReadOnlyDictionary<string, string?>?)null)
    {
    }


    private PeerConsultFactory(IReadOnlyDictionary<string, string?>? overrides, Action<IServiceCollection>? extraServices = null, bool realClock = false, DbProvider provider = DbProvider.Sqlite, string? sharedPostgres = null)
    {
        _extraServices = extraServices;
        _realClock = realClock;
        _provider = provider;
        _postgres = provider == DbProvider.Postgres ? sharedPostgres ?? TestDatabase.CreatePostgresDatabase() : null;
        _ownsPostgres = sharedPostgres is null;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = $"peerconsult-tests-{Guid.NewGuid():N}",
            Mode = SqliteOpenMode.Memory,
            Cache = SqliteCacheMode.Shared,
            DefaultTimeout = 30,
        }.ToString();
        _keepAlive = new SqliteConnection(_connectionString);
        _keepAlive.Open();

        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = _connectionString,
            ["ConnectionStrings:Postgres"] = _postgres,
            ["Database:Provider"] = provider.ToString(),
            ["Bootstrap:AdminEmail"] = AdminEmail,
            ["Bootstrap:AdminPassword"] = AdminPassword,
            // High enough that no test meets them by accident; IntakeLimitsTests asks for low ones.
            ["Intake:PerIpPermitLimit"] = "100000",
            ["Intake:MaxPerPhonePerDay"] = "1000",
            ["Portal:PerIpPermitLimit"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            // The clocks and the outbox are driven by hand (RunOnceAsync at a chosen instant), never by a background loop.
            ["Deadlines:Enabled"] = "false",
            ["Outbox:Enabled"] = "false",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>The app's clock, unless the factory keeps the real one (<see cref="WithRealClock"/>).</summary>
    public FakeTimeProvider Clock { get; } = new(Start);

    /// <summary>The app on the given database (PostgreSQL: a fresh database on the test command's cluster).</summary>
    public static PeerConsultFactory On(DbProvider provider) => new(null, provider: provider);

    /// <summary>
    /// A second instance of the app on this factory's PostgreSQL database (as two servers behind a load balancer);
    /// the database stays this factory's to drop.
    /// </summary>
    public PeerConsultFactory SecondInstance() => new(_postgres ?? throw new InvalidOperationException("Only a PostgreSQL factory has a second instance."));

    private PeerConsultFactory(string sharedPostgres)
        : this(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = sharedPostgres }, provider: DbProvider.Postgres, sharedPostgres: sharedPostgres)
    {
    }

    /// <summary>A factory whose configuration differs from the defaults (e.g. low intake limits, a wrong policy).</summary>
    /// <summary>The factory's private SQLite database, to prepare it before the app starts (StartupTests).</summary>
    public string SqliteConnectionString => _connectionString;

    public static PeerConsultFactory With(params (string Key, string? Value)[] settings) =>
        new(settings.ToDictionary(s => s.Key, s => s.Value));

    /// <summary>
    /// A factory with test-only services added last (a failing message channel, an EF Core interceptor registered as
    /// <see cref="IInterceptor"/>, which every DbContext picks up).
    /// </summary>
    public static PeerConsultFactory WithServices(Action<IServiceCollection> services, params (string Key, string? Value)[] settings) =>
        new(settings.ToDictionary(s => s.Key, s => s.Value), services);

    /// <summary>The same, on a chosen database.</summary>
    public static PeerConsultFactory WithServices(DbProvider provider, Action<IServiceCollection> services, params (string Key, string? Value)[] settings) =>
        new(settings.ToDictionary(s => s.Key, s => s.Value), services, provider: provider);

    /// <summary>A factory that keeps the system clock, for the few end-to-end tests that let the background loops run.</summary>
    public static PeerConsultFactory WithRealClock(params (string Key, string? Value)[] settings) =>
        new(settings.ToDictionary(s => s.Key, s => s.Value), realClock: true);

    /// <summary>"+7916555" and four digits, different on every call in this test run.</summary>
    public static string NewPhone() => $"+7916555{Interlocked.Increment(ref _counter) % 10000:D4}";

    public static int Next() => Interlocked.Increment(ref _counter);

    public async Task<HttpClient> CreateAdminClientAsync() => await LoginAsync(AdminEmail, AdminPassword);

    public async Task<HttpClient> LoginAsync(string email, string password)
    {
        var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.ReadJsonAsync()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>POST /api/v1/requests with a valid body (a fresh phone unless given); fails the test unless 201.</summary>
    public async Task<SubmittedRequest> SubmitRequestAsync(string? phone = null, Guid? preferredConsultantId = null, string messenger = "whatsapp")
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/requests", Bodies.Request(phone ?? NewPhone(), preferredConsultantId, messenger));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.ReadJsonAsync();
        return new SubmittedRequest(json.GetProperty("id").GetGuid(), json.GetProperty("number").GetString()!);
    }

    /// <summary>POST /api/v1/consultants as the administrator (signed in here unless given); fails the test unless 201.</summary>
    public async Task<CreatedConsultant> CreateConsultantAsync(HttpClient? admin = null, int maxActiveMothers = 5, bool published = true)
    {
        var client = admin ?? await CreateAdminClientAsync();
        var n = Next();
        var email = $"consultant{n}@test.local";
        using var response = await client.PostAsJsonAsync("/api/v1/consultants", Bodies.Consultant(email, NewPhone(), maxActiveMothers, published, $"Консультант {n}"));
        var json = await response.ExpectAsync(HttpStatusCode.Created);
        if (admin is null)
        {
            client.Dispose();
        }

        return new CreatedConsultant(json.GetProperty("id").GetGuid(), email);
    }

    /// <summary>
    /// A consultant's own sign-in. There is no set-password endpoint yet, so the test sets it the way the
    /// one-time link will: through Identity.
    /// </summary>
    public async Task<HttpClient> CreateConsultantClientAsync(HttpClient? admin = null, string password = "consultant-password-1")
    {
        var consultant = await CreateConsultantAsync(admin);
        await SetPasswordAsync(consultant.Email, password);
        return await LoginAsync(consultant.Email, password);
    }

    public async Task SetPasswordAsync(string email, string password)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No user {email}.");
        var result = await users.AddPasswordAsync(user, password);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>Direct database access, only to set up state that no public endpoint produces yet, or to read what none shows.</summary>
    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            // PostgreSQL: the app's own pooled registration (same connection string, given in the settings above), so
            // the tests run the contexts a Center runs. SQLite: a plain context on this factory's database.
            if (_provider != DbProvider.Postgres)
            {
                services.RemoveAll<DbContextOptions<SqliteAppDbContext>>();
                services.RemoveAll<DbContextOptions>();
                services.RemoveAll<IDbContextOptionsConfiguration<SqliteAppDbContext>>();
                services.RemoveAll<SqliteAppDbContext>();
                services.RemoveAll<AppDbContext>();
                services.AddDbContext<AppDbContext, SqliteAppDbContext>((sp, o) => o.UseSqlite(_connectionString).AddInterceptors(sp.GetServices<IInterceptor>()));
            }

            if (!_realClock)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(Clock);
            }

            // Keys in memory, not in the home folder of whoever runs the tests.
            services.AddDataProtection().UseEphemeralDataProtectionProvider();

            _extraServices?.Invoke(services);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _keepAlive.Dispose();
            if (_postgres is not null && _ownsPostgres)
            {
                TestDatabase.DropPostgresDatabase(_postgres);
            }
        }
    }
}

public sealed record SubmittedRequest(Guid Id, string Number);

public sealed record CreatedConsultant(Guid Id, string Email);

/// <summary>Valid request bodies as a client would send them; tests change one field at a time.</summary>
public static class Bodies
{
    public static Dictionary<string, object?> Request(string phone, Guid? preferredConsultantId = null, string messenger = "whatsapp") => new()
    {
        ["name"] = "Анна",
        ["phone"] = phone,
        ["messenger"] = messenger,
        ["email"] = "anna@example.org",
        ["timeZone"] = "Europe/Moscow",
        ["note"] = "Хочу поговорить о грудном вскармливании.",
        ["preferredConsultantId"] = preferredConsultantId,
        ["consentAccepted"] = true,
    };

    public static Dictionary<string, object?> Consultant(string email, string phone, int maxActiveMothers = 5, bool published = true, string displayName = "Мария Петрова") => new()
    {
        ["displayName"] = displayName,
        ["email"] = email,
        ["phone"] = phone,
        ["timeZone"] = "Europe/Moscow",
        ["bio"] = "Мама двоих детей.",
        ["topics"] = new[] { "сон" },
        ["languages"] = new[] { "ru" },
        ["maxActiveMothers"] = maxActiveMothers,
        ["published"] = published,
    };
}

public static class HttpExtensions
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Fails with the body in the message, so a wrong status explains itself.</summary>
    public static async Task<JsonElement> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The ProblemDetails "code" of an error answer, after checking its status.</summary>
    public static async Task<string?> ExpectProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var json = await response.ExpectAsync(status);
        return json.TryGetProperty("code", out var code) ? code.GetString() : null;
    }
}
