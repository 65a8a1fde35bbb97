using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Deadlines;

/// <summary>After downtime one sweep applies whatever fell due, as it should have been — no stale messages.</summary>
public sealed class CatchUpTests
{
    [Fact]
    public async Task Sweep_AfterFiveDaysDown_EverythingDueAppliedOnceWithoutStaleMessages()
    {
        using var factory = new PeerConsultFactory();
        SubmittedRequest unanswered;
        AwaitingRequest silent;
        using (var admin = await factory.CreateAdminClientAsync())
        {
            unanswered = await factory.SubmitRequestAsync();
            silent = await factory.AwaitingMotherContactAsync(admin);
        }

        // A third one whose reminder is due when the app comes back, but not yet its close time.
        factory.Clock.Advance(TimeSpan.FromHours(84));
        AwaitingRequest recent;
        using (var admin = await factory.CreateAdminClientAsync())
        {
            recent = await factory.AwaitingMotherContactAsync(admin);
        }

        factory.Clock.Advance(TimeSpan.FromHours(36));
        var back = factory.Clock.GetUtcNow();

        var result = await factory.SweepAsync();

        Assert.Equal((1, 1, 1, 0), (result.Closed, result.Reminded, result.Overdue, result.Warned));
        Assert.Equal(0, (await factory.SweepAsync()).Total);
        using var later = await factory.CreateAdminClientAsync();

        // R1.2: flagged overdue when noticed; the warning is implied, and a "20 hours passed" message after 24 would be stale.
        var overdue = await later.GetRequestAsync(unanswered.Id);
        Assert.Equal(back, overdue.At("adminOverdueAt"));
        Assert.Equal(back, overdue.At("adminWarnedAt"));
        Assert.Equal(["admin.overdue"], (await later.MessagesAsync(unanswered.Id)).Kinds());

        // R2.2: closed, and no reminder sent after her close time.
        var closed = await later.GetRequestAsync(silent.Id);
        Assert.Equal("closed", closed.Str("status"));
        Assert.Equal("no-contact", closed.Str("closedReason"));
        Assert.Null(closed.At("motherRemindedAt"));
        Assert.Equal(["consultant.new-mother", "consultant.request-closed", "mother.closed-no-contact"], (await later.MessagesAsync(silent.Id)).Kinds());
        Assert.Equal("PaidOnly", (await later.GetMotherAsync(silent.MotherId)).Str("eligibility"));

        // R2.1: a reminder still before her close time is still worth sending.
        var reminded = await later.GetRequestAsync(recent.Id);
        Assert.Equal("awaiting-mother-contact", reminded.Str("status"));
        Assert.Equal(back, reminded.At("motherRemindedAt"));
        Assert.Equal(["consultant.new-mother", "consultant.not-in-touch", "mother.reminder"], (await later.MessagesAsync(recent.Id)).Kinds());
    }
}
