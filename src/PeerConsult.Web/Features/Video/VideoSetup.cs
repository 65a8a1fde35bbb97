namespace PeerConsult.Web.Features.Video;

/// <summary>The meeting's video room (/meetings/{id}/room) and the pre-meeting check (/check).</summary>
public static class VideoSetup
{
    public static WebApplicationBuilder AddVideo(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<VideoOptions>().Bind(builder.Configuration.GetSection(VideoOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => Uri.TryCreate(o.JitsiBaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Query.Length == 0, "Video:JitsiBaseUrl must be an absolute http(s) address without a query, e.g. https://meet.jit.si.")
            .Validate(o => string.IsNullOrWhiteSpace(o.JitsiAppId) == string.IsNullOrWhiteSpace(o.JitsiSecret), "Video:JitsiAppId and Video:JitsiSecret go together: set both for token authentication, or neither.")
            .Validate(o => string.IsNullOrWhiteSpace(o.JitsiSecret) || o.JitsiSecret.Length >= 16, "Video:JitsiSecret must be at least 16 characters.")
            .Validate(o => o.OpenBefore >= TimeSpan.Zero && o.OpenAfter >= TimeSpan.Zero && o.FirstWarning > TimeSpan.Zero && o.SecondWarning > TimeSpan.Zero, "Video room margins cannot be negative and warnings must be positive.")
            .Validate(o => o.StatePollInterval >= TimeSpan.FromMilliseconds(250) && o.SpeedTestWindow > TimeSpan.Zero, "Video:StatePollInterval (at least 250 ms) and Video:SpeedTestWindow must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SpeedTestLimiter>();
        builder.Services.AddScoped<RoomHandler>();
        builder.Services.AddScoped<CheckHandler>();
        builder.Services.AddScoped<AttendanceQuery>();
        return builder;
    }

    public static IEndpointRouteBuilder MapVideo(this IEndpointRouteBuilder app)
    {
        app.MapSpeedTest();
        return app;
    }
}
