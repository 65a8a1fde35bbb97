using PeerConsult.Domain.Common;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Requests;

public class RequestDetailsValidateTests
{
    [Fact]
    public void Validate_ValidDetails_NoProblems() => Assert.Empty(Details.Valid().Validate());

    [Fact]
    public void Validate_SeveralBadFields_ReportsEveryFieldForTheForm()
    {
        var details = Details.Valid() with { Name = "", Phone = "12345", TimeZone = "Mars/Base", Email = "anna" };

        var problems = details.Validate();

        Assert.Equal(4, problems.Count);
        Assert.Equal(ErrorCodes.NameRequired, problems["Name"].Code);
        Assert.Equal(ErrorCodes.InvalidPhone, problems["Phone"].Code);
        Assert.Equal(ErrorCodes.InvalidTimeZone, problems["TimeZone"].Code);
        Assert.Equal(ErrorCodes.InvalidEmail, problems["Email"].Code);
    }
}
