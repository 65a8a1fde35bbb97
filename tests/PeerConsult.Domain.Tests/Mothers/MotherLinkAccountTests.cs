using PeerConsult.Domain.Mothers;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Mothers;

public class MotherLinkAccountTests
{
    private static readonly Guid FirstAccount = Guid.Parse("0195a0c0-0000-7000-8000-0000000000f1");

    private static readonly Guid SecondAccount = Guid.Parse("0195a0c0-0000-7000-8000-0000000000f2");

    [Fact]
    public void LinkAccount_NoAccountYet_Linked()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);

        mother.LinkAccount(FirstAccount);

        Assert.Equal(FirstAccount, mother.UserId);
    }

    [Fact]
    public void LinkAccount_AlreadyLinked_KeepsFirstAccount()
    {
        var mother = Mother.Register(Details.Valid(), Times.Submitted);
        mother.LinkAccount(FirstAccount);

        mother.LinkAccount(SecondAccount);

        Assert.Equal(FirstAccount, mother.UserId);
    }
}
