namespace PeerConsult.Web.Features.Messages;

/// <summary>Marker for the texts of outgoing messages (MessageText.resx: Russian, MessageText.en.resx: English).</summary>
public sealed class MessageText;
