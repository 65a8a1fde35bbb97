using System.Net;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Platform;

/// <summary>What a load balancer asks each instance: is the process up, and can it serve (database reachable, migrated)?</summary>
public sealed class HealthTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Health_LiveAndReady_HealthyAnonymously(DbProvider provider)
    {
        using var factory = PeerConsultFactory.On(provider);
        using var client = factory.CreateClient();

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }
}
