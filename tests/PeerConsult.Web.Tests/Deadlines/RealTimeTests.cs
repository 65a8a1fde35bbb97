using System.Text.Json;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Deadlines;

/// <summary>
/// The background loops themselves, on the real clock with a policy of seconds: nobody calls the sweeper or the
/// dispatcher, yet the mother is reminded, her request closes and both messages go out — once.
/// </summary>
public sealed class RealTimeTests
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BackgroundLoops_PolicyOfSeconds_RequestClosesAndRemindAndCloseMessagesSentOnce()
    {
        using var factory = PeerConsultFactory.WithRealClock(
            ("Deadlines:Enabled", "true"),
            ("Outbox:Enabled", "true"),
            ("Deadlines:SweepInterval", "00:00:01"),
            ("Outbox:DispatchInterval", "00:00:01"),
            ("Policy:AdminResponseWarning", "00:00:02"),
            ("Policy:AdminResponseDeadline", "00:00:03"),
            ("Policy:MotherContactDeadline", "00:00:02"),

            // Six seconds between reminder and closure: several 1-second sweeps fall in it even on a loaded CI machine.
            ("Policy:MotherContactCloseAfter", "00:00:08"));
        using var admin = await factory.CreateAdminClientAsync();
        var request = await factory.SubmitRequestAsync();
        var consultant = await factory.CreateConsultantAsync(admin);
        await DeadlineDriver.PostOkAsync(admin, request, "contacts", new { channel = "whatsapp" });
        await DeadlineDriver.PostOkAsync(admin, request, "assignment", new { consultantId = consultant.Id });
        await DeadlineDriver.PostOkAsync(admin, request, "consultant-contact-sent", new { });

        var closed = await PollAsync(() => admin.GetRequestAsync(request.Id), r => r.Str("status") == "closed");
        Assert.Equal("no-contact", closed.Str("closedReason"));
        Assert.NotNull(closed.At("motherRemindedAt"));

        var messages = await PollAsync(
            async () => JsonSerializer.SerializeToElement(await admin.MessagesAsync(request.Id)),
            all => all.EnumerateArray().Where(IsMotherMessage).Count(m => m.Str("status") == "manual") >= 2);
        var mine = messages.EnumerateArray().Where(IsMotherMessage).ToList();
        Assert.Equal(["mother.closed-no-contact", "mother.reminder"], mine.Kinds());
        // No messenger is configured: both wait on the administrator's "send by hand" list, once each.
        Assert.All(mine, m => Assert.Equal("manual", m.Str("status")));

        static bool IsMotherMessage(JsonElement m) => m.Str("kind") is "mother.reminder" or "mother.closed-no-contact";
    }

    /// <summary>Asks again every 250 ms until the answer is the awaited one; fails after 20 s with the last answer.</summary>
    private static async Task<JsonElement> PollAsync(Func<Task<JsonElement>> ask, Func<JsonElement, bool> done)
    {
        var until = TimeProvider.System.GetUtcNow() + GiveUpAfter;
        while (true)
        {
            var answer = await ask();
            if (done(answer))
            {
                return answer;
            }

            Assert.True(TimeProvider.System.GetUtcNow() < until, $"Still not there after {GiveUpAfter.TotalSeconds} s: {answer}");
            await Task.Delay(PollEvery);
        }
    }
}
