using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PeerConsult.Browser.Tests.Infrastructure;

/// <summary>
/// A stand-in for a Jitsi Meet server on its own port, so the meeting page can be tested without the internet:
/// external_api.js defines a <c>JitsiMeetExternalAPI</c> that records what the page passes (window.fakeJitsi), draws an
/// iframe on a "room" page of this server, and reports "videoConferenceJoined" once the iframe has loaded.
/// None of Jitsi's code: only the shape of the constructor and addListener that the page uses.
/// </summary>
public sealed class FakeJitsi : IAsyncDisposable
{
    private const string Script = """
        window.JitsiMeetExternalAPI = function (domain, options) {
            var listeners = {};
            var iframe = document.createElement("iframe");
            iframe.src = location.protocol + "//" + domain + "/" + encodeURIComponent(options.roomName) + (options.jwt ? "?jwt=" + encodeURIComponent(options.jwt) : "");
            iframe.title = "Jitsi";
            iframe.setAttribute("allow", "camera; microphone");
            options.parentNode.appendChild(iframe);
            window.fakeJitsi = {
                domain: domain,
                roomName: options.roomName,
                jwt: options.jwt || null,
                displayName: options.userInfo && options.userInfo.displayName,
                lang: options.lang,
                configOverwrite: options.configOverwrite
            };
            this.addListener = function (name, fn) { (listeners[name] = listeners[name] || []).push(fn); };
            this.dispose = function () { iframe.remove(); };
            iframe.addEventListener("load", function () {
                (listeners.videoConferenceJoined || []).forEach(function (fn) { fn({ roomName: options.roomName }); });
            });
        };
        """;

    private readonly WebApplication _app;

    private FakeJitsi(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<FakeJitsi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/external_api.js", () => Results.Text(Script, "text/javascript"));
        app.MapGet("/{room}", (string room) => Results.Content(
            $"<!DOCTYPE html><html><body style=\"background:#1f2430;color:#fff;font:16px sans-serif\"><h1>Fake Jitsi</h1><p id=\"room\">{WebUtility.HtmlEncode(room)}</p></body></html>",
            "text/html"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeJitsi(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
