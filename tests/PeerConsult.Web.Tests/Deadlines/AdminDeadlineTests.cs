using System.Net;
using System.Net.Http.Json;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Deadlines;

/// <summary>R1.2: the administrator's 24 hours — a warning from 20 hours, an overdue flag at 24, each noticed once.</summary>
public sealed class AdminDeadlineTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromTicks(1);

    [Fact]
    public async Task Warning_OneTickBeforeAtAndAfter20Hours_WarnedOnceAtExactly20Hours()
    {
        using var factory = new PeerConsultFactory();
        var request = await factory.SubmitRequestAsync();

        factory.Clock.Advance(TimeSpan.FromHours(20) - Tick);
        Assert.Equal(0, (await factory.SweepAsync()).Warned);
        using (var admin = await factory.CreateAdminClientAsync())
        {
            Assert.Null((await admin.GetRequestAsync(request.Id)).At("adminWarnedAt"));
        }

        factory.Clock.Advance(Tick);
        Assert.Equal(1, (await factory.SweepAsync()).Warned);
        factory.Clock.Advance(Tick);
        Assert.Equal(0, (await factory.SweepAsync()).Warned);

        using var later = await factory.CreateAdminClientAsync();
        var json = await later.GetRequestAsync(request.Id);
        Assert.Equal(PeerConsultFactory.Start.AddHours(20), json.At("adminWarnedAt"));
        Assert.Null(json.At("adminOverdueAt"));
        Assert.Equal("warning", json.Str("adminClock"));
        Assert.Equal(["admin.warning"], (await later.MessagesAsync(request.Id)).Kinds());
    }

    [Fact]
    public async Task Overdue_OneTickBeforeAtAndAfter24Hours_FlaggedOnceAtExactly24Hours()
    {
        using var factory = new PeerConsultFactory();
        var request = await factory.SubmitRequestAsync();
        factory.Clock.Advance(TimeSpan.FromHours(20));
        await factory.SweepAsync();

        factory.Clock.Advance(TimeSpan.FromHours(4) - Tick);
        Assert.Equal(0, (await factory.SweepAsync()).Overdue);
        using (var admin = await factory.CreateAdminClientAsync())
        {
            Assert.Null((await admin.GetRequestAsync(request.Id)).At("adminOverdueAt"));
        }

        factory.Clock.Advance(Tick);
        Assert.Equal(1, (await factory.SweepAsync()).Overdue);
        factory.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, (await factory.SweepAsync()).Total);

        using var later = await factory.CreateAdminClientAsync();
        var json = await later.GetRequestAsync(request.Id);
        Assert.Equal(PeerConsultFactory.Start.AddHours(20), json.At("adminWarnedAt"));
        Assert.Equal(PeerConsultFactory.Start.AddHours(24), json.At("adminOverdueAt"));
        Assert.Equal("overdue", json.Str("adminClock"));
        Assert.Equal(["admin.overdue", "admin.warning"], (await later.MessagesAsync(request.Id)).Kinds());
    }

    [Fact]
    public async Task Overdue_ContactRecordedBefore24Hours_NeverFlagged()
    {
        using var factory = new PeerConsultFactory();
        var request = await factory.SubmitRequestAsync();
        factory.Clock.Advance(TimeSpan.FromHours(21));
        await factory.SweepAsync();
        factory.Clock.Advance(TimeSpan.FromHours(2));
        using (var admin = await factory.CreateAdminClientAsync())
        {
            using var contact = await admin.PostAsJsonAsync($"/api/v1/requests/{request.Id}/contacts", new { channel = "whatsapp" });
            await contact.ExpectAsync(HttpStatusCode.OK);
        }

        factory.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, (await factory.SweepAsync()).Total);

        using var later = await factory.CreateAdminClientAsync();
        var json = await later.GetRequestAsync(request.Id);
        Assert.Null(json.At("adminOverdueAt"));
        Assert.Equal("met", json.Str("adminClock"));
        Assert.Equal(["admin.warning"], (await later.MessagesAsync(request.Id)).Kinds());
    }
}
