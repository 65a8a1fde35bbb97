namespace PeerConsult.Web.Features.Account;

/// <summary>Marker for the sign-in, sign-out, no-access and set-password texts (AccountText.resx: Russian, AccountText.en.resx: English).</summary>
public sealed class AccountText;
