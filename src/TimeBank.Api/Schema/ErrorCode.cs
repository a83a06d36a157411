namespace TimeBank.Api.Schema;

/// <summary>
/// Every code a client can get in <c>UserError.code</c> or a top-level error's <c>extensions.code</c>;
/// the schema and README show them in SCREAMING_SNAKE (EMAIL_TAKEN). This file is the one list.
/// </summary>
public enum ErrorCode
{
    /// <summary>An input field breaks a rule; the error's path names the field.</summary>
    InvalidInput,

    /// <summary>No valid access token was sent.</summary>
    Unauthenticated,

    /// <summary>The caller may not do this (wrong person, wrong role or wrong community).</summary>
    Forbidden,

    /// <summary>Nothing with that id or slug exists (or the caller may not know it exists).</summary>
    NotFound,

    /// <summary>Another user already registered with this email.</summary>
    EmailTaken,

    /// <summary>The password is too short, too common or too simple.</summary>
    WeakPassword,

    /// <summary>Email and password do not match (never says which one is wrong).</summary>
    InvalidCredentials,

    /// <summary>Too many failed logins; try again after the time in the message.</summary>
    LockedOut,

    /// <summary>Too many attempts from this address; slow down.</summary>
    RateLimited,

    /// <summary>The refresh token is unknown, expired, revoked or was already used.</summary>
    InvalidRefreshToken,

    /// <summary>Logins come from the configured external identity provider, not from this API.</summary>
    ExternalIdentityOnly,

    /// <summary>Another community already uses this slug.</summary>
    SlugTaken,

    /// <summary>The user already has a membership in this community.</summary>
    AlreadyMember,

    /// <summary>The membership or listing is not in a state that allows this change.</summary>
    WrongStatus,

    /// <summary>The community's policy does not allow this.</summary>
    NotAllowedByPolicy,

    /// <summary>The receiver's account would pass its floor (holds included); the message says how many minutes are available.</summary>
    InsufficientCredit,

    /// <summary>The provider's account would pass its ceiling (holds included).</summary>
    CeilingReached,

    /// <summary>This side already left feedback on the exchange.</summary>
    FeedbackAlreadyLeft,

    /// <summary>The idempotency key was already used for a request with other content, or the step was already made with other content.</summary>
    IdempotencyConflict,

    /// <summary>The ledger entry was already reversed (an entry is corrected at most once).</summary>
    AlreadyReversed,

    /// <summary>The time is inside a closed period of the community's books: nothing dated there may be written, and the period cannot be closed again.</summary>
    PeriodClosed,

    /// <summary>A challenge's pool holds fewer minutes than a verified contribution needs; the message says how many it holds.</summary>
    PoolShort,

    /// <summary>A report was asked for a longer period than it covers at once (communityImpact: 60 calendar months).</summary>
    PeriodTooLong,

    /// <summary>A category named to make a challenge from the community's needs has no open unanswered request.</summary>
    NoUnansweredRequests,

    /// <summary>A challenge still has LOGGED contributions, decided by neither verification nor rejection: it cannot close until they are.</summary>
    ContributionsPending,
}
