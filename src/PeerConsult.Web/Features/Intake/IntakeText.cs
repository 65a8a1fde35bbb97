namespace PeerConsult.Web.Features.Intake;

/// <summary>Marker for the request form's texts and the versioned consent text (IntakeText.resx: Russian, IntakeText.en.resx: English).</summary>
public sealed class IntakeText;
