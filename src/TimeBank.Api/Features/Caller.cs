using System.Globalization;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using TimeBank.Api.Features.Identity;

namespace TimeBank.Api.Features;

/// <summary>Who is calling, read from the access token: a user id (null when anonymous) and the admin flag.</summary>
public sealed record Caller(long? UserId, bool IsAdmin)
{
    public static Caller Anonymous { get; } = new(null, false);

    public bool IsAuthenticated => UserId is not null;

    /// <summary>The id the ledger records as actor. Only a user writes on the ledger; every use case that does asks for one first.</summary>
    public string LedgerActor => LedgerVocabulary.Actor(UserId ?? throw new InvalidOperationException("An anonymous caller writes nothing on the ledger."));

    public static Caller From(ClaimsPrincipal? principal)
    {
        // Users of an external issuer carry our id in a claim of their own; ours carry it in sub.
        var subject = principal?.FindFirst(ExternalUserMapping.UserIdClaim)?.Value ?? principal?.FindFirst(JwtRegisteredClaimNames.Sub)?.Value;
        return long.TryParse(subject, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new Caller(id, principal!.IsInRole(AccessTokens.AdminRole))
            : Anonymous;
    }
}
