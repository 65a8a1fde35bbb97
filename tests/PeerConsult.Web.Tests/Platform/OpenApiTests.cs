using System.Net;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Platform;

public sealed class OpenApiTests(PeerConsultFactory factory) : IClassFixture<PeerConsultFactory>
{
    [Fact]
    public async Task Document_Anonymous_200DescribingTheApi()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        var json = await response.ExpectAsync(HttpStatusCode.OK);
        var paths = json.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/requests", out _));
        Assert.True(paths.TryGetProperty("/api/v1/auth/login", out _));
        Assert.True(paths.TryGetProperty("/api/v1/consultants", out _));
    }
}
