using Microsoft.Extensions.DependencyInjection;
using PeerConsult.Web.Infrastructure.Caching;

namespace PeerConsult.Web.Tests.Infrastructure;

/// <summary>Waiting helpers for the cache tests (ADR 13, ADR 18): the change listener, and what another instance sees.</summary>
public static class ChangeListening
{
    /// <summary>Waits until the instance's PostgreSQL change listener is connected (its counters are trusted).</summary>
    public static async Task TrustedAsync(PeerConsultFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var versions = factory.Services.GetRequiredService<PublicVersions>();
        for (var i = 0; i < 200 && !versions.Trusted; i++)
        {
            await Task.Delay(50);
        }

        Assert.True(versions.Trusted, "the change listener connects within 10 s");
    }

    /// <summary>Polls until the condition holds (a NOTIFY from another instance arrives asynchronously), at most 5 s.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Not within 5 s: {what}.");
    }
}
