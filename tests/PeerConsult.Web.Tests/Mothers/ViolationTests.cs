using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PeerConsult.Domain.Meetings;
using PeerConsult.Domain.Policy;
using PeerConsult.Web.Infrastructure.Persistence;
using PeerConsult.Web.Tests.Deadlines;
using PeerConsult.Web.Tests.Infrastructure;

namespace PeerConsult.Web.Tests.Mothers;

/// <summary>
/// R5.1–R5.3 as the administrator sees them on GET /api/v1/mothers/{id}. Meetings (which will record violations
/// from outcomes and changes) are not built yet, so the tests record violations through the domain in a DB scope.
/// </summary>
public sealed class ViolationTests
{
    [Fact]
    public async Task SecondViolationWithin30Days_RefusesFreeServiceWithEvidence_WaiveThenReinstate()
    {
        using var factory = new PeerConsultFactory();
        var request = await factory.SubmitRequestAsync();
        using var admin = await factory.CreateAdminClientAsync();
        var motherId = (await admin.GetRequestAsync(request.Id)).GetProperty("motherId").GetGuid();
        var now = factory.Clock.GetUtcNow().UtcDateTime;

        Assert.False(await RecordAsync(factory, motherId, ViolationKind.NoShow, now.AddDays(-20)));
        Assert.True(await RecordAsync(factory, motherId, ViolationKind.MovedLate, now.AddDays(-1)));

        var mother = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/mothers/{motherId}");
        Assert.Equal("PeerServiceRefused", mother.Str("eligibility"));
        Assert.Equal(2, mother.GetProperty("activeViolationsInWindow").GetInt32());
        var decision = mother.GetProperty("decisions").EnumerateArray().Single();
        Assert.Equal("R5.2", decision.Str("rule"));
        Assert.Equal("system", decision.Str("decidedBy"));
        Assert.Equal("2", decision.GetProperty("evidence").GetProperty("violationCount").GetString());
        Assert.Equal("1", decision.GetProperty("policy").GetProperty("MaxViolations").GetString());

        // R5.3: the late move was the Center's connection failure; the administrator waives it with a reason.
        var lateMove = mother.GetProperty("violations").EnumerateArray().Single(v => v.Str("kind") == "MovedLate").GetProperty("id").GetGuid();
        using (var blank = await admin.PostAsJsonAsync($"/api/v1/mothers/{motherId}/violations/{lateMove}/waiver", new { reason = " " }))
        {
            Assert.Equal("reason-required", await blank.ExpectProblemAsync(HttpStatusCode.BadRequest));
        }

        using (var waived = await admin.PostAsJsonAsync($"/api/v1/mothers/{motherId}/violations/{lateMove}/waiver", new { reason = "Сбой связи на стороне Центра" }))
        {
            await waived.ExpectAsync(HttpStatusCode.OK);
        }

        using (var again = await admin.PostAsJsonAsync($"/api/v1/mothers/{motherId}/violations/{lateMove}/waiver", new { reason = "ещё раз" }))
        {
            Assert.Equal("already-waived", await again.ExpectProblemAsync(HttpStatusCode.Conflict));
        }

        using (var unknown = await admin.PostAsJsonAsync($"/api/v1/mothers/{motherId}/violations/{Guid.NewGuid()}/waiver", new { reason = "нет такого" }))
        {
            Assert.Equal("violation-not-found", await unknown.ExpectProblemAsync(HttpStatusCode.NotFound));
        }

        var after = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/mothers/{motherId}");
        Assert.Equal(1, after.GetProperty("activeViolationsInWindow").GetInt32());
        var waivedLine = after.GetProperty("violations").EnumerateArray().Single(v => v.GetProperty("id").GetGuid() == lateMove);
        Assert.False(waivedLine.GetProperty("active").GetBoolean());
        Assert.Equal("Сбой связи на стороне Центра", waivedLine.Str("waiveReason"));

        // Waiving does not silently undo a decision: reinstating is its own, audited step.
        Assert.Equal("PeerServiceRefused", after.Str("eligibility"));
        using (var reinstated = await admin.PostAsJsonAsync($"/api/v1/mothers/{motherId}/reinstatement", new { reason = "Второе нарушение снято: сбой Центра" }))
        {
            await reinstated.ExpectAsync(HttpStatusCode.OK);
        }

        Assert.Equal("Eligible", (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/mothers/{motherId}")).Str("eligibility"));
    }

    [Fact]
    public async Task TwoViolationsMoreThan30DaysApart_StillEligible()
    {
        using var factory = new PeerConsultFactory();
        var request = await factory.SubmitRequestAsync();
        using var admin = await factory.CreateAdminClientAsync();
        var motherId = (await admin.GetRequestAsync(request.Id)).GetProperty("motherId").GetGuid();
        var now = factory.Clock.GetUtcNow().UtcDateTime;

        Assert.False(await RecordAsync(factory, motherId, ViolationKind.NoShow, now.AddDays(-31)));
        Assert.False(await RecordAsync(factory, motherId, ViolationKind.NoShow, now.AddDays(-1)));

        var mother = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/mothers/{motherId}");
        Assert.Equal("Eligible", mother.Str("eligibility"));
        Assert.Equal(1, mother.GetProperty("activeViolationsInWindow").GetInt32());
    }

    private static async Task<bool> RecordAsync(PeerConsultFactory factory, Guid motherId, ViolationKind kind, DateTime occurredAt)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var policy = scope.ServiceProvider.GetRequiredService<IOptions<CenterPolicy>>().Value;
        var mother = await db.Mothers.Include(m => m.Violations).Include(m => m.Decisions).SingleAsync(m => m.Id == motherId);
        var refused = mother.RecordViolation(Guid.NewGuid(), kind, occurredAt, policy, factory.Clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
        return refused;
    }
}
