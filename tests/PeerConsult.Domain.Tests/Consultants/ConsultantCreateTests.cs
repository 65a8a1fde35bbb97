using PeerConsult.Domain.Common;
using PeerConsult.Domain.Consultants;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Consultants;

public class ConsultantCreateTests
{
    private static readonly DateTime Now = new(2026, 2, 20, 8, 0, 0, DateTimeKind.Utc);

    private static readonly Guid UserId = Guid.Parse("0195a0c0-0000-7000-8000-0000000000c1");

    private static void AssertFails(ConsultantProfile profile, string code)
    {
        var result = Consultant.Create(profile, UserId, Now);

        Assert.False(result.IsSuccess);
        Assert.Null(result.Value);
        Assert.Equal(code, result.Error?.Code);
    }

    [Fact]
    public void Create_ValidProfile_NoMothersYetAndHasCapacity()
    {
        var consultant = Consultant.Create(Details.Profile(), UserId, Now).Value!;

        Assert.Equal(0, consultant.ActiveMothers);
        Assert.Equal(5, consultant.MaxActiveMothers);
        Assert.True(consultant.HasCapacity);
        Assert.True(consultant.Published);
        Assert.Equal(UserId, consultant.UserId);
        Assert.Equal(Now, consultant.CreatedAt);
        Assert.Equal("Мария Иванова", consultant.DisplayName);
        Assert.Equal("maria@example.org", consultant.Email);
        Assert.Equal("+79031112233", consultant.Phone);
        Assert.Equal("Asia/Yekaterinburg", consultant.TimeZone);
        Assert.Equal(new[] { "Сон", "Грудное вскармливание" }, consultant.Topics);
        Assert.Equal(new[] { "ru" }, consultant.Languages);
    }

    [Fact]
    public void Create_ZeroCapacity_CreatedWithoutCapacity()
    {
        var consultant = Consultant.Create(Details.Profile() with { MaxActiveMothers = 0 }, UserId, Now).Value!;

        Assert.False(consultant.HasCapacity);
    }

    [Fact]
    public void Create_CapacityOf100_Created()
    {
        var consultant = Consultant.Create(Details.Profile() with { MaxActiveMothers = 100 }, UserId, Now).Value!;

        Assert.Equal(100, consultant.MaxActiveMothers);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void Create_CapacityOutOfRange_ReturnsInvalidCapacity(int capacity) =>
        AssertFails(Details.Profile() with { MaxActiveMothers = capacity }, ErrorCodes.InvalidCapacity);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("maria")]
    [InlineData("maria@example")]
    [InlineData("ma ria@example.org")]
    public void Create_BadEmail_ReturnsInvalidEmail(string email) =>
        AssertFails(Details.Profile() with { Email = email }, ErrorCodes.InvalidEmail);

    [Theory]
    [InlineData("Mars/Base")]
    [InlineData("")]
    [InlineData("Yekaterinburg")]
    public void Create_BadTimeZone_ReturnsInvalidTimeZone(string zone) =>
        AssertFails(Details.Profile() with { TimeZone = zone }, ErrorCodes.InvalidTimeZone);

    [Theory]
    [InlineData("")]
    [InlineData("89031112233")]
    [InlineData("+abc")]
    [InlineData("+7903")]
    public void Create_PhoneNotE164_ReturnsInvalidPhone(string phone) =>
        AssertFails(Details.Profile() with { Phone = phone }, ErrorCodes.InvalidPhone);

    [Fact]
    public void Create_BlankDisplayName_ReturnsNameRequired() =>
        AssertFails(Details.Profile() with { DisplayName = "  " }, ErrorCodes.NameRequired);

    [Fact]
    public void Create_ThirteenCopiesOfOneTopic_IsOneTopic()
    {
        var created = Consultant.Create(Details.Profile() with { Topics = [.. Enumerable.Repeat("Сон", 13)] }, Ids.ConsultantA, Times.Submitted);

        Assert.Equal(["Сон"], created.Value!.Topics);
    }

    [Fact]
    public void Create_ThirteenTopics_ReturnsTooLong() =>
        AssertFails(Details.Profile() with { Topics = [.. Enumerable.Range(1, 13).Select(i => $"Тема {i}")] }, ErrorCodes.TooLong);

    [Fact]
    public void Create_TagsWithSpacesAndCaseDuplicates_TrimmedAndDeduplicated()
    {
        var profile = Details.Profile() with
        {
            Topics = [" Сон ", "сон", "ГВ", "", "  ", "гв", "Прикорм"],
            Languages = ["ru", "RU", " en"],
        };

        var consultant = Consultant.Create(profile, UserId, Now).Value!;

        Assert.Equal(new[] { "Сон", "ГВ", "Прикорм" }, consultant.Topics);
        Assert.Equal(new[] { "ru", "en" }, consultant.Languages);
    }

    [Fact]
    public void Create_NoTags_EmptyLists()
    {
        var consultant = Consultant.Create(Details.Profile() with { Topics = null, Languages = null }, UserId, Now).Value!;

        Assert.Empty(consultant.Topics);
        Assert.Empty(consultant.Languages);
    }

    [Fact]
    public void Create_SpacesAroundTextAndBlankBio_Cleaned()
    {
        var profile = Details.Profile() with { DisplayName = " Мария ", Email = " maria@example.org ", Bio = "   " };

        var consultant = Consultant.Create(profile, UserId, Now).Value!;

        Assert.Equal("Мария", consultant.DisplayName);
        Assert.Equal("maria@example.org", consultant.Email);
        Assert.Null(consultant.Bio);
    }

    [Fact]
    public void Validate_SeveralBadFields_ReportsEveryField()
    {
        var profile = Details.Profile() with { Email = "maria", TimeZone = "Mars/Base", MaxActiveMothers = 500 };

        var problems = profile.Validate();

        Assert.Equal(3, problems.Count);
        Assert.Equal(ErrorCodes.InvalidEmail, problems["Email"].Code);
        Assert.Equal(ErrorCodes.InvalidTimeZone, problems["TimeZone"].Code);
        Assert.Equal(ErrorCodes.InvalidCapacity, problems["MaxActiveMothers"].Code);
        Assert.Equal("100", problems["MaxActiveMothers"].Arg("max"));
    }

    [Fact]
    public void Validate_ValidProfile_NoProblems() => Assert.Empty(Details.Profile().Validate());
}
