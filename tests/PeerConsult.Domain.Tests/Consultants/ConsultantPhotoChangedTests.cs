using PeerConsult.Domain.Consultants;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Consultants;

public class ConsultantPhotoChangedTests
{
    private static readonly DateTime Now = new(2026, 2, 20, 8, 0, 0, DateTimeKind.Utc);

    private static Consultant NewConsultant() => Consultant.Create(Details.Profile(), Guid.Parse("0195a0c0-0000-7000-8000-0000000000c1"), Now).Value!;

    [Fact]
    public void Create_NoPhoto_VersionZero()
    {
        var consultant = NewConsultant();

        Assert.False(consultant.HasPhoto);
        Assert.Equal(0, consultant.PhotoVersion);
    }

    [Fact]
    public void PhotoChanged_TwiceInTheSameSecond_NewVersionEachTime()
    {
        var consultant = NewConsultant();

        consultant.PhotoChanged(Now);
        var first = consultant.PhotoVersion;
        consultant.PhotoChanged(Now);

        Assert.True(consultant.HasPhoto);
        Assert.True(first > 0);
        Assert.Equal(first + 1, consultant.PhotoVersion);
    }

    [Fact]
    public void PhotoChanged_AfterRemovalLater_VersionAboveTheRemovedOne()
    {
        var consultant = NewConsultant();
        consultant.PhotoChanged(Now);
        var removed = consultant.PhotoVersion;

        consultant.PhotoRemoved();
        Assert.False(consultant.HasPhoto);
        consultant.PhotoChanged(Now.AddMinutes(1));

        Assert.True(consultant.PhotoVersion > removed);
    }

    [Fact]
    public void PhotoChanged_LocalTime_Refused()
    {
        var consultant = NewConsultant();

        Assert.Throws<ArgumentException>(() => consultant.PhotoChanged(new DateTime(2026, 2, 20, 8, 0, 0, DateTimeKind.Local)));
    }
}
