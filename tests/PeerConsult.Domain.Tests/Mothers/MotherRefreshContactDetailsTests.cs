using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Mothers;

/// <summary>A new request carries her latest details; the phone is her identity and stays.</summary>
public class MotherRefreshContactDetailsTests
{
    private static readonly DateTime Later = new(2026, 4, 10, 7, 30, 0, DateTimeKind.Utc);

    [Fact]
    public void RefreshContactDetails_NewDetails_UpdatesNameZoneMessengerEmail()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);
        var details = Details.Valid() with
        {
            Name = " Анна Сидорова ",
            Email = " anna.s@example.org ",
            TimeZone = "Asia/Novosibirsk",
            Messenger = Messenger.Max,
        };

        mother.RefreshContactDetails(details, Later);

        Assert.Equal("Анна Сидорова", mother.Name);
        Assert.Equal("anna.s@example.org", mother.Email);
        Assert.Equal("Asia/Novosibirsk", mother.TimeZone);
        Assert.Equal(Messenger.Max, mother.PreferredMessenger);
        Assert.Equal(Later, mother.UpdatedAt);
        Assert.Equal(Times.Submitted, mother.CreatedAt);
    }

    [Fact]
    public void RefreshContactDetails_DifferentPhone_KeepsPhone()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);

        mother.RefreshContactDetails(Details.Valid() with { Phone = "+79990001122" }, Later);

        Assert.Equal("+79161234567", mother.Phone);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void RefreshContactDetails_BlankEmail_KeepsOldEmail(string? email)
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);

        mother.RefreshContactDetails(Details.Valid() with { Email = email }, Later);

        Assert.Equal("anna@example.org", mother.Email);
    }

    [Fact]
    public void RefreshContactDetails_NonUtcNow_Throws()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);

        var thrown = Assert.Throws<ArgumentException>(() =>
            mother.RefreshContactDetails(Details.Valid(), new DateTime(2026, 4, 10, 7, 30, 0, DateTimeKind.Local)));

        Assert.Equal("now", thrown.ParamName);
    }
}
