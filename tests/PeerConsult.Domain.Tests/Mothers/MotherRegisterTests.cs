using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Mothers;

public class MotherRegisterTests
{
    [Fact]
    public void Register_NewMother_EligibleForFreeHelp()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);

        Assert.Equal(Eligibility.Eligible, mother.Eligibility);
        Assert.True(mother.MayRequestFreeHelp);
    }

    [Fact]
    public void Register_Details_CopiedFromTheRequest()
    {
        var details = Details.Valid() with { Name = " Анна ", Email = " anna@example.org ", Messenger = Messenger.Telegram, TimeZone = "Asia/Omsk" };

        var mother = Mother.Register(details, Times.Submitted);

        Assert.Equal("+79161234567", mother.Phone);
        Assert.Equal("Анна", mother.Name);
        Assert.Equal("anna@example.org", mother.Email);
        Assert.Equal(Messenger.Telegram, mother.PreferredMessenger);
        Assert.Equal("Asia/Omsk", mother.TimeZone);
        Assert.Equal(Times.Submitted, mother.CreatedAt);
        Assert.Equal(Times.Submitted, mother.UpdatedAt);
        Assert.Null(mother.UserId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Register_BlankEmail_NoEmail(string? email)
    {
        var mother = Mother.Register(Details.Valid() with { Email = email }, Times.Submitted);

        Assert.Null(mother.Email);
    }

    [Fact]
    public void Register_NonUtcNow_Throws()
    {
        var thrown = Assert.Throws<ArgumentException>(() =>
            Mother.Register(Details.Valid(), new DateTime(2026, 3, 2, 12, 0, 0, DateTimeKind.Unspecified)));

        Assert.Equal("now", thrown.ParamName);
    }
}
