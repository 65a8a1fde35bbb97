using PeerConsult.Domain.Common;
using PeerConsult.Domain.Policy;
using PeerConsult.Domain.Requests;
using PeerConsult.Domain.Tests.Builders;

namespace PeerConsult.Domain.Tests.Requests;

public class SubmitTests
{
    private static Result<ConsultationRequest> Submit(RequestDetails details, CenterPolicy? policy = null, ConsentRecord? consent = null, DateTime? now = null) =>
        ConsultationRequest.Submit(details, consent ?? Details.Consent(), Ids.Mother, "K7M-42Q", now ?? Times.Submitted, policy ?? new CenterPolicy(), Actor.Anonymous());

    private static void AssertFails(Result<ConsultationRequest> result, string code)
    {
        Assert.False(result.IsSuccess);
        Assert.Null(result.Value);
        Assert.Equal(code, result.Error?.Code);
    }

    [Fact]
    public void Submit_DefaultPolicy_WarnsAt20hAndIsDueAt24h()
    {
        var request = Submit(Details.Valid()).Value!;

        Assert.Equal(new DateTime(2026, 3, 3, 5, 0, 0, DateTimeKind.Utc), request.AdminWarningAt);
        Assert.Equal(new DateTime(2026, 3, 3, 9, 0, 0, DateTimeKind.Utc), request.AdminDueAt);
    }

    [Fact]
    public void Submit_CustomPolicy_ClockComesFromPolicy()
    {
        var policy = new CenterPolicy { AdminResponseWarning = TimeSpan.FromHours(2), AdminResponseDeadline = TimeSpan.FromHours(3) };

        var request = Submit(Details.Valid(), policy).Value!;

        Assert.Equal(new DateTime(2026, 3, 2, 11, 0, 0, DateTimeKind.Utc), request.AdminWarningAt);
        Assert.Equal(new DateTime(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc), request.AdminDueAt);
    }

    [Fact]
    public void Submit_ValidDetails_NewOpenRequestWithTheMothersDetails()
    {
        var details = Details.Valid() with
        {
            Name = "  Анна Петрова ",
            Messenger = Messenger.Telegram,
            Note = "  Малыш плохо спит  ",
            PreferredConsultantId = Ids.ConsultantB,
        };

        var request = Submit(details).Value!;

        Assert.Equal(RequestStatus.New, request.Status);
        Assert.True(request.IsOpen);
        Assert.Equal(Times.Submitted, request.SubmittedAt);
        Assert.Equal("K7M-42Q", request.Number);
        Assert.Equal(Ids.Mother, request.MotherId);
        Assert.Equal("Анна Петрова", request.Name);
        Assert.Equal("+79161234567", request.Phone);
        Assert.Equal(Messenger.Telegram, request.Messenger);
        Assert.Equal("anna@example.org", request.Email);
        Assert.Equal("Europe/Moscow", request.TimeZone);
        Assert.Equal("Малыш плохо спит", request.Note);
        Assert.Equal(Ids.ConsultantB, request.PreferredConsultantId);
        Assert.Equal("2026-01", request.ConsentVersion);
        Assert.Equal(Times.Submitted, request.ConsentAcceptedAt);
        Assert.Equal("203.0.113.7", request.ConsentIpAddress);
        Assert.Null(request.ContactedAt);
        Assert.Null(request.ConsultantId);
        Assert.Empty(request.Contacts);
        Assert.Empty(request.Assignments);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void Submit_BlankNote_StoresNoNote(string? note)
    {
        var request = Submit(Details.Valid() with { Note = note }).Value!;

        Assert.Null(request.Note);
    }

    [Fact]
    public void Submit_NoEmail_StoresNoEmail()
    {
        var request = Submit(Details.Valid() with { Email = null }).Value!;

        Assert.Null(request.Email);
    }

    [Fact]
    public void Submit_ValidDetails_RecordsSubmittedEventWithAppliedPolicy()
    {
        var request = Submit(Details.Valid() with { Messenger = Messenger.Max }).Value!;

        var submitted = Assert.Single(request.History);
        Assert.Equal(RequestEventKind.Submitted, submitted.Kind);
        Assert.Equal(Times.Submitted, submitted.At);
        Assert.Equal(request.Id, submitted.RequestId);
        Assert.Equal("public", submitted.ActorRole);
        Assert.Null(submitted.ActorUserId);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["AdminResponseWarning"] = "20:00:00",
                ["AdminResponseDeadline"] = "1.00:00:00",
            },
            submitted.ReadPolicy());
        var data = submitted.ReadData();
        Assert.Equal("Max", data["messenger"]);
        Assert.Equal("2026-01", data["consentVersion"]);
        Assert.Null(data["preferredConsultantId"]);
    }

    [Fact]
    public void Submit_CustomPolicy_RecordsThePolicyValuesItApplied()
    {
        var policy = new CenterPolicy { AdminResponseWarning = TimeSpan.FromHours(2), AdminResponseDeadline = TimeSpan.FromHours(3) };

        var request = Submit(Details.Valid(), policy).Value!;

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["AdminResponseWarning"] = "02:00:00",
                ["AdminResponseDeadline"] = "03:00:00",
            },
            Assert.Single(request.History).ReadPolicy());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Submit_BlankName_ReturnsNameRequired(string name) =>
        AssertFails(Submit(Details.Valid() with { Name = name }), ErrorCodes.NameRequired);

    [Fact]
    public void Submit_NameOver100Chars_ReturnsNameTooLongWithMax()
    {
        var result = Submit(Details.Valid() with { Name = new string('я', 101) });

        AssertFails(result, ErrorCodes.NameTooLong);
        Assert.Equal("100", result.Error!.Arg("max"));
    }

    [Fact]
    public void Submit_NameOf100Chars_Succeeds()
    {
        var result = Submit(Details.Valid() with { Name = new string('я', 100) });

        Assert.True(result.IsSuccess);
    }

    [Theory]
    [InlineData("")]
    [InlineData("89161234567")]
    [InlineData("+7 916 123-45-67")]
    [InlineData("+0916123456")]
    [InlineData("+123456")]
    [InlineData("+1234567890123456")]
    [InlineData("+7916123456a")]
    public void Submit_PhoneNotE164_ReturnsInvalidPhone(string phone) =>
        AssertFails(Submit(Details.Valid() with { Phone = phone }), ErrorCodes.InvalidPhone);

    [Theory]
    [InlineData("+79161234567")]
    [InlineData("+4915112345678")]
    [InlineData("+1234567")]
    [InlineData("+123456789012345")]
    public void Submit_E164Phone_Succeeds(string phone)
    {
        var request = Submit(Details.Valid() with { Phone = phone }).Value!;

        Assert.Equal(phone, request.Phone);
    }

    [Theory]
    [InlineData("Mars/Base")]
    [InlineData("")]
    [InlineData("Moscow")]
    [InlineData("MSK")]
    [InlineData("Russian Standard Time")]
    public void Submit_UnknownTimeZone_ReturnsInvalidTimeZone(string zone) =>
        AssertFails(Submit(Details.Valid() with { TimeZone = zone }), ErrorCodes.InvalidTimeZone);

    [Theory]
    [InlineData("Europe/Moscow")]
    [InlineData("Asia/Vladivostok")]
    [InlineData("UTC")]
    public void Submit_IanaTimeZone_Succeeds(string zone)
    {
        var request = Submit(Details.Valid() with { TimeZone = zone }).Value!;

        Assert.Equal(zone, request.TimeZone);
    }

    [Fact]
    public void Submit_NoteOver1000Chars_ReturnsNoteTooLongWithMax()
    {
        var result = Submit(Details.Valid() with { Note = new string('ж', 1001) });

        AssertFails(result, ErrorCodes.NoteTooLong);
        Assert.Equal("1000", result.Error!.Arg("max"));
    }

    [Fact]
    public void Submit_NoteOf1000Chars_Succeeds()
    {
        var request = Submit(Details.Valid() with { Note = new string('ж', 1000) }).Value!;

        Assert.Equal(1000, request.Note!.Length);
    }

    [Theory]
    [InlineData("anna")]
    [InlineData("anna@example")]
    [InlineData("anna @example.org")]
    [InlineData("anna@@example.org")]
    [InlineData("@example.org")]
    public void Submit_BadEmail_ReturnsInvalidEmail(string email) =>
        AssertFails(Submit(Details.Valid() with { Email = email }), ErrorCodes.InvalidEmail);

    [Fact]
    public void Submit_EmailOver254Chars_ReturnsInvalidEmail() =>
        AssertFails(Submit(Details.Valid() with { Email = new string('a', 243) + "@example.org" }), ErrorCodes.InvalidEmail);

    [Fact]
    public void Submit_UndefinedMessenger_ReturnsInvalidMessenger() =>
        AssertFails(Submit(Details.Valid() with { Messenger = (Messenger)42 }), ErrorCodes.InvalidMessenger);

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Submit_EmptyConsentVersion_ReturnsConsentRequired(string version) =>
        AssertFails(Submit(Details.Valid(), consent: Details.Consent() with { Version = version }), ErrorCodes.ConsentRequired);

    [Theory]
    [InlineData(DateTimeKind.Local)]
    [InlineData(DateTimeKind.Unspecified)]
    public void Submit_NonUtcNow_Throws(DateTimeKind kind)
    {
        var now = new DateTime(2026, 3, 2, 9, 0, 0, kind);

        var thrown = Assert.Throws<ArgumentException>(() => Submit(Details.Valid(), now: now));

        Assert.Equal("now", thrown.ParamName);
    }
}
