using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Features.ConsultantDesk;
using PeerConsult.Web.Features.Consultants;
using PeerConsult.Web.Features.Deadlines;
using PeerConsult.Web.Features.Demo;
using PeerConsult.Web.Features.Intake;
using PeerConsult.Web.Features.Meetings;
using PeerConsult.Web.Features.Messages;
using PeerConsult.Web.Features.Messages.Email;
using PeerConsult.Web.Features.Messages.Telegram;
using PeerConsult.Web.Features.Messages.WhatsApp;
using PeerConsult.Web.Features.Mothers;
using PeerConsult.Web.Features.Portal;
using PeerConsult.Web.Features.Requests;
using PeerConsult.Web.Infrastructure.Auth;

namespace PeerConsult.Web.Infrastructure;

/// <summary>The composition root's building blocks, one per capability, so Program.cs reads as a table of contents.</summary>
public static class CompositionExtensions
{
    public static WebApplicationBuilder AddPolicy(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<CenterPolicy>()
            .Bind(builder.Configuration.GetSection(CenterPolicy.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CenterPolicy>, PolicyValidator>();
        builder.Services.AddOptions<CenterOptions>().Bind(builder.Configuration.GetSection(CenterOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<BootstrapOptions>().Bind(builder.Configuration.GetSection(BootstrapOptions.SectionName));
        return builder;
    }

    public static WebApplicationBuilder AddWebUi(this WebApplicationBuilder builder)
    {
        // Serve wwwroot from the build output in every environment, so `dotnet run` works as a new user runs it
        // (without a launch profile the environment is Production); a published app has no manifest and is unaffected.
        builder.WebHost.UseStaticWebAssets();

        // Russian text stays readable in the HTML instead of &#x...; entities (smaller pages, readable source).
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        // Pages live beside their handlers in Features/<Capability>; each staff page names its policy with [Authorize].
        builder.Services.AddRazorPages(o => o.RootDirectory = "/Features").AddViewLocalization();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.Configure<KestrelServerOptions>(o => o.AddServerHeader = false);
        return builder;
    }

    public static WebApplication UseWebUi(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error");
        }

        app.UseStatusCodePagesWithReExecute("/error", "?status={0}");
        app.UseRequestLocalization();
        app.MapStaticAssets().AllowAnonymous();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseOutputCache();
        app.MapOpenApi().AllowAnonymous();
        app.MapRazorPages();
        return app;
    }

    public static WebApplicationBuilder AddIntake(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<IntakeOptions>().Bind(builder.Configuration.GetSection(IntakeOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => IntakeText.HasConsentText(o.ConsentVersion), "Intake:ConsentVersion names a consent text that does not exist in IntakeText (keys Consent.<version>.Label/Summary/Full).")
            .ValidateOnStart();
        builder.Services.AddSingleton<IntakeRateLimiter>();
        builder.Services.AddScoped<SubmitRequestHandler>();
        return builder;
    }

    public static WebApplicationBuilder AddRequests(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<QueueHandler>();
        builder.Services.AddSingleton<QueueCache>();
        builder.Services.AddScoped<RequestViewHandler>();
        builder.Services.AddScoped<RequestActionsHandler>();
        return builder;
    }

    public static WebApplicationBuilder AddConsultants(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CatalogHandler>();
        builder.Services.AddSingleton<PublishedConsultants>();
        builder.AddCatalogCache();
        builder.Services.AddScoped<ManageConsultantsHandler>();
        return builder;
    }

    public static WebApplicationBuilder AddMothers(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<MotherProfileHandler>();
        return builder;
    }

    public static WebApplicationBuilder AddMeetings(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AvailabilityHandler>();
        builder.Services.AddSingleton<SlotsCache>();
        builder.Services.AddScoped<MeetingActionsHandler>();
        return builder;
    }

    /// <summary>The consultant's own pages (/consultant) and her calendar feed.</summary>
    public static WebApplicationBuilder AddConsultantDesk(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ConsultantDeskHandler>();
        return builder;
    }

    /// <summary>The mother's password-less sign-in and her own page (/my).</summary>
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PortalOptions>().Bind(builder.Configuration.GetSection(PortalOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => Uri.TryCreate(o.PublicBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https", "Portal:PublicBaseUrl must be an absolute http(s) address.")
            .Validate(o => o.CodeLifetime > TimeSpan.Zero && o.LinkLifetime > TimeSpan.Zero && o.PhoneWindow > TimeSpan.Zero && o.PerIpWindow > TimeSpan.Zero, "Portal lifetimes and windows must be greater than zero.")
            .ValidateOnStart();
        builder.Services.AddSingleton<PortalRateLimiter>();
        builder.Services.AddSingleton<SignInChallengeCookie>();
        builder.Services.AddScoped<SignInLinkIssuer>();
        builder.Services.AddScoped<MotherSignInHandler>();
        builder.Services.AddScoped<MotherPortalHandler>();
        builder.Services.AddScoped<ConsultantChangeHandler>();
        return builder;
    }

    public static WebApplicationBuilder AddMessages(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OutboxOptions>().Bind(builder.Configuration.GetSection(OutboxOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<MessageComposer>();
        builder.Services.AddScoped<MessagesQuery>();
        builder.Services.AddScoped<OutboxDispatcher>();
        builder.Services.AddScoped<ChannelRouter>();
        builder.Services.AddScoped<RecipientDirectory>();
        builder.Services.AddScoped<ManualMessages>();
        builder.Services.AddSingleton<IMessageChannel, LogChannel>();
        builder.Services.AddSingleton<IMessageChannel, ManualChannel>();
        builder.Services.AddOptions<EmailOptions>().Bind(builder.Configuration.GetSection(EmailOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>();
        if (builder.Configuration.GetValue<bool>($"{EmailOptions.SectionName}:{nameof(EmailOptions.Enabled)}"))
        {
            builder.Services.AddSingleton<IMessageChannel, EmailChannel>();
        }

        builder.Services.AddScoped<InboundMessages>();
        builder.Services.AddOptions<TelegramOptions>().Bind(builder.Configuration.GetSection(TelegramOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidator>();
        builder.Services.AddScoped<TelegramUpdates>();
        if (builder.Configuration.GetValue<bool>($"{TelegramOptions.SectionName}:{nameof(TelegramOptions.Enabled)}"))
        {
            // The bot token is part of every address: this client's requests must never reach the log.
            builder.Services.AddHttpClient<TelegramChannel>((sp, http) =>
                {
                    http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<TelegramOptions>>().Value.ApiBaseUrl.TrimEnd('/') + "/");
                    http.Timeout = TimeSpan.FromSeconds(30);
                })
                .RemoveAllLoggers();
            builder.Services.AddTransient<IMessageChannel>(sp => sp.GetRequiredService<TelegramChannel>());
        }

        builder.Services.AddOptions<WhatsAppOptions>().Bind(builder.Configuration.GetSection(WhatsAppOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WhatsAppOptions>, WhatsAppOptionsValidator>();
        builder.Services.AddScoped<WhatsAppUpdates>();
        if (builder.Configuration.GetValue<bool>($"{WhatsAppOptions.SectionName}:{nameof(WhatsAppOptions.Enabled)}"))
        {
            builder.Services.AddHttpClient<WhatsAppChannel>((sp, http) =>
                {
                    http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<WhatsAppOptions>>().Value.ApiBaseUrl.TrimEnd('/') + "/");
                    http.Timeout = TimeSpan.FromSeconds(30);
                })
                .RemoveAllLoggers();
            builder.Services.AddTransient<IMessageChannel>(sp => sp.GetRequiredService<WhatsAppChannel>());
        }

        var options = builder.Configuration.GetSection(OutboxOptions.SectionName).Get<OutboxOptions>() ?? new OutboxOptions();
        if (options.Enabled)
        {
            builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<PeriodicWorker<OutboxDispatcher>>(
                sp, options.DispatchInterval, (Func<OutboxDispatcher, DateTime, CancellationToken, Task>)((d, now, ct) => d.RunOnceAsync(now, ct))));
        }

        return builder;
    }

    public static WebApplicationBuilder AddDeadlines(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeadlineOptions>().Bind(builder.Configuration.GetSection(DeadlineOptions.SectionName));
        builder.Services.AddScoped<DeadlineSweeper>();
        builder.Services.AddOptions<ReminderOptions>().Bind(builder.Configuration.GetSection(ReminderOptions.SectionName))
            .Validate(o => o.IsValid(), "Reminders:Before must be comma-separated durations between 0 and 14 days, e.g. 1.00:00:00,01:00:00.")
            .ValidateOnStart();
        builder.Services.AddScoped<MeetingReminderSweeper>();
        var options = builder.Configuration.GetSection(DeadlineOptions.SectionName).Get<DeadlineOptions>() ?? new DeadlineOptions();
        if (options.Enabled)
        {
            builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<PeriodicWorker<DeadlineSweeper>>(
                sp, options.SweepInterval, (Func<DeadlineSweeper, DateTime, CancellationToken, Task>)((s, now, ct) => s.RunOnceAsync(now, ct))));

            // Meeting reminders ride on the deadline switch and interval: one clock for everything due.
            builder.Services.AddHostedService(sp => ActivatorUtilities.CreateInstance<PeriodicWorker<MeetingReminderSweeper>>(
                sp, options.SweepInterval, (Func<MeetingReminderSweeper, DateTime, CancellationToken, Task>)((s, now, ct) => s.RunOnceAsync(now, ct))));
        }

        return builder;
    }

    public static WebApplicationBuilder AddDemo(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<DemoSeeder>();
        return builder;
    }

    /// <summary>A wrong policy refuses to start with every problem named (e.g. a 0 deadline, a 90-minute meeting).</summary>
    private sealed class PolicyValidator : IValidateOptions<CenterPolicy>
    {
        public ValidateOptionsResult Validate(string? name, CenterPolicy options)
        {
            var problems = options.Validate();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
