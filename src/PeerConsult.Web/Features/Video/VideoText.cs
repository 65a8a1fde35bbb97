namespace PeerConsult.Web.Features.Video;

/// <summary>Marker for the room's and the check's texts (VideoText.resx: Russian, VideoText.en.resx: English).</summary>
public sealed class VideoText;
