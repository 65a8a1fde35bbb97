namespace PeerConsult.Domain.Common;

/// <summary>Who took a decision: a signed-in person (by account id) or the system itself.</summary>
public sealed record Actor(Guid? UserId, string Role)
{
    public static readonly Actor System = new(null, "system");

    public static Actor Administrator(Guid userId) => new(userId, "administrator");

    public static Actor Consultant(Guid userId) => new(userId, "consultant");

    public static Actor Mother(Guid userId) => new(userId, "mother");

    public static Actor Anonymous() => new(null, "public");
}
