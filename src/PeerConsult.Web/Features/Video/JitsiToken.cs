using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PeerConsult.Web.Features.Video;

/// <summary>Who a token is for: the meeting's mother or consultant (the moderator).</summary>
public sealed record RoomParticipant(Guid UserId, string Name, bool IsModerator);

/// <summary>
/// A JSON Web Token for one participant of one room on a self-hosted Jitsi with token authentication (prosody
/// "token" auth with app_id/app_secret): HS256 over the shared secret, valid only while the room is open, so the
/// Jitsi server itself refuses the room outside the window. Signed here with HMACSHA256; no JWT package needed for
/// one fixed header and a handful of claims.
/// </summary>
public static class JitsiToken
{
    public static string Create(VideoOptions options, string room, RoomParticipant who, DateTime now, DateTime notBefore, DateTime expires)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(who);
        if (!options.UsesTokens)
        {
            throw new InvalidOperationException("Video:JitsiAppId and Video:JitsiSecret are not configured.");
        }

        var header = new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" };
        var payload = new JsonObject
        {
            ["aud"] = options.JitsiAudience,
            ["iss"] = options.JitsiAppId,
            ["sub"] = options.BaseUri.Host,
            ["room"] = room,
            ["iat"] = Seconds(now),
            ["nbf"] = Seconds(notBefore),
            ["exp"] = Seconds(expires),
            ["moderator"] = who.IsModerator,
            ["context"] = new JsonObject
            {
                ["user"] = new JsonObject
                {
                    ["id"] = who.UserId.ToString(),
                    ["name"] = who.Name,
                    // Jitsi reads "moderator" as the string "true"; token_affiliation reads the affiliation.
                    ["moderator"] = who.IsModerator ? "true" : "false",
                    ["affiliation"] = who.IsModerator ? "owner" : "member",
                },
            },
        };

        var signingInput = Part(header) + "." + Part(payload);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.JitsiSecret!), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static string Part(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = false })));

    private static long Seconds(DateTime utc) => new DateTimeOffset(utc).ToUnixTimeSeconds();
}
