using System.Net;
using System.Net.Http.Json;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Intake;

/// <summary>Flood guards on the public form; each test owns a factory configured with low limits.</summary>
public sealed class IntakeLimitsTests
{
    [Fact]
    public async Task Submit_PhoneOverDailyLimit_429RateLimited()
    {
        using var factory = PeerConsultFactory.With(("Intake:MaxPerPhonePerDay", "1"), ("Intake:PerIpPermitLimit", "100"));
        var phone = PeerConsultFactory.NewPhone();
        await factory.SubmitRequestAsync(phone);
        using var client = factory.CreateClient();

        // Checked before "already open": the limit counts every request that phone filed in the last day.
        using var response = await client.PostAsJsonAsync("/api/v1/requests", Bodies.Request(phone));
        using var otherPhone = await client.PostAsJsonAsync("/api/v1/requests", Bodies.Request(PeerConsultFactory.NewPhone()));

        Assert.Equal("rate-limited", await response.ExpectProblemAsync(HttpStatusCode.TooManyRequests));
        await otherPhone.ExpectAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Submit_PhoneLimitNextDay_AcceptedAgainUpToOpenRequestRule()
    {
        using var factory = PeerConsultFactory.With(("Intake:MaxPerPhonePerDay", "1"), ("Intake:PerIpPermitLimit", "100"));
        var phone = PeerConsultFactory.NewPhone();
        var first = await factory.SubmitRequestAsync(phone);
        factory.Clock.Advance(TimeSpan.FromHours(24));
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/requests", Bodies.Request(phone));

        // A day later the daily limit no longer applies; her first request is still open, so that is what she hears.
        var json = await response.ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal("request-already-open", json.GetProperty("code").GetString());
        Assert.Equal(first.Number, json.GetProperty("number").GetString());
    }

    [Fact]
    public async Task Submit_AddressOverLimit_429RateLimitedAndNothingSaved()
    {
        using var factory = PeerConsultFactory.With(("Intake:PerIpPermitLimit", "2"), ("Intake:MaxPerPhonePerDay", "100"));
        await factory.SubmitRequestAsync();
        await factory.SubmitRequestAsync();
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/v1/requests", Bodies.Request(PeerConsultFactory.NewPhone()));

        Assert.Equal("rate-limited", await response.ExpectProblemAsync(HttpStatusCode.TooManyRequests));
        using var admin = await factory.CreateAdminClientAsync();
        var queue = await (await admin.GetAsync("/api/v1/requests")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, queue.GetProperty("total").GetInt32());
    }
}
