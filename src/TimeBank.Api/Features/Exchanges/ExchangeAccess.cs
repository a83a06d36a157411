using System.Linq.Expressions;
using Microsoft.Data.Sqlite;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>Who must take a step of an exchange (a coordinator who is not a party may take it on their behalf).</summary>
public enum ExchangeParty
{
    Provider,
    Receiver,

    /// <summary>The party who did not propose the exchange: the one who accepts or declines it.</summary>
    Counterpart,

    /// <summary>Either party.</summary>
    Either,

    /// <summary>Only coordinators (resolving a dispute).</summary>
    Coordinator,

    /// <summary>Nobody but the API's own jobs (settling what nobody answered).</summary>
    System,
}

/// <summary>
/// Who takes a step: the user (null for the system's own jobs) and the member on whose behalf, which
/// differs from the user's own membership when a coordinator acts for someone.
/// </summary>
public sealed record ExchangeActor(long? UserId, long? PrincipalMemberId)
{
    public static ExchangeActor System { get; } = new(null, null);

    public string LedgerActor => LedgerVocabulary.Actor(UserId);

    public string LedgerPrincipal => LedgerVocabulary.Principal(PrincipalMemberId, UserId);
}

/// <summary>
/// An exchange as loaded for a step: its row (untracked), both parties (their <see cref="ExchangeAccess.StepColumns"/>
/// at least), who acts, and the version of its community's policy in force, which a ledger write records.
/// </summary>
public sealed record ExchangeStep(Exchange Exchange, Member Provider, Member Receiver, ExchangeActor Actor, int PolicyVersion)
{
    /// <summary>The users told about every change: both parties.</summary>
    public IReadOnlyList<long> Audience => [Provider.UserId, Receiver.UserId];
}

public static class ExchangeAccess
{
    /// <summary>
    /// The columns of a member that exchange steps use. The hottest reads select only these: SQLite prepares
    /// every statement anew, and preparing costs by the column.
    /// </summary>
    public static readonly Expression<Func<Member, Member>> StepColumns = m => new Member
    {
        Id = m.Id,
        CommunityId = m.CommunityId,
        UserId = m.UserId,
        DisplayName = m.DisplayName,
        Status = m.Status,
        Roles = m.Roles,
        AccountId = m.AccountId,
    };

    // One statement for the exchange, its parties, the caller's membership and the policy version, prepared once per
    // connection (PreparedReads): a step is mostly this read and its ledger write, and SQLite's preparing of the join,
    // anew on each step through EF Core, cost more than its reading.
    private static readonly string StepSql = $"""
        SELECT {ExchangeColumns.Of("e")}, community."PolicyVersion",
               {MemberColumns.Step("provider")}, {MemberColumns.Step("receiver")}, {MemberColumns.Step("me")}
        FROM "Exchanges" e
        JOIN "Communities" community ON community."Id" = e."CommunityId"
        JOIN "Members" provider ON provider."Id" = e."ProviderMemberId"
        JOIN "Members" receiver ON receiver."Id" = e."ReceiverMemberId"
        LEFT JOIN "Members" me ON me."CommunityId" = e."CommunityId" AND me."UserId" = @p1
        WHERE e."Id" = @p0
        """;

    private static readonly int PolicyVersionAt = ExchangeColumns.Count;
    private static readonly int ProviderAt = PolicyVersionAt + 1;
    private static readonly int ReceiverAt = ProviderAt + MemberColumns.StepCount;
    private static readonly int MeAt = ReceiverAt + MemberColumns.StepCount;

    private static LoadedStep? ReadStep(SqliteDataReader reader) => reader.Read()
        ? new LoadedStep(ExchangeColumns.Read(reader, 0), reader.GetInt32(PolicyVersionAt),
            MemberColumns.ReadStep(reader, ProviderAt)!, MemberColumns.ReadStep(reader, ReceiverAt)!, MemberColumns.ReadStep(reader, MeAt))
        : null;

    /// <summary>The two parties, the community's coordinators and its auditors see an exchange.</summary>
    public static bool MaySee(this CommunityRoles roles, Exchange exchange) =>
        roles.IsCoordinator || roles.IsAuditor
        || (roles.Membership is { } me && (me.Id == exchange.ProviderMemberId || me.Id == exchange.ReceiverMemberId));

    /// <summary>
    /// Loads an exchange for the step <paramref name="move"/>, which its row's party takes. Someone who may not see the
    /// exchange is told it does not exist; someone who sees it but is the wrong person is refused.
    /// </summary>
    public static Outcome<ExchangeStep> Load(TimeBankDbContext db, long exchangeId, Caller caller, ExchangeMove move)
    {
        ArgumentNullException.ThrowIfNull(move);
        var (party, verb) = (move.Party, move.Verb);
        if (caller.RefuseAnonymous($"Log in to {verb} an exchange.") is { } anonymous)
        {
            return anonymous;
        }
        var loaded = db.PreparedReads.Read(StepSql, ReadStep, exchangeId, caller.UserId!.Value);
        if (loaded is null)
        {
            return new Failure(ErrorCode.NotFound, "No such exchange.", "exchangeId");
        }
        var exchange = loaded.Exchange;
        var roles = new CommunityRoles(caller, loaded.Me);
        if (!roles.MaySee(exchange))
        {
            return new Failure(ErrorCode.NotFound, "No such exchange.", "exchangeId");
        }
        var allowed = Allowed(exchange, party);
        if (roles.MayActAsMember && allowed.Contains(roles.Membership!.Id))
        {
            return new ExchangeStep(exchange, loaded.Provider, loaded.Receiver, new ExchangeActor(caller.UserId, roles.Membership.Id), loaded.PolicyVersion);
        }
        if (!roles.IsCoordinator)
        {
            return roles.Forbid($"Only {Describe(party)} or a coordinator may {verb} this exchange.");
        }
        // A coordinator acts for the party the step belongs to (or, resolving, for nobody), and never in an exchange of their own.
        if (OnBehalf.Refusal(caller, [loaded.Provider, loaded.Receiver]) is { } refused)
        {
            return refused;
        }
        var actor = new ExchangeActor(caller.UserId, allowed.Count > 0 ? allowed[0] : roles.Membership?.Id);
        return new ExchangeStep(exchange, loaded.Provider, loaded.Receiver, actor, loaded.PolicyVersion);
    }

    private static List<long> Allowed(Exchange exchange, ExchangeParty party) => party switch
    {
        ExchangeParty.Provider => [exchange.ProviderMemberId],
        ExchangeParty.Receiver => [exchange.ReceiverMemberId],
        ExchangeParty.Counterpart => [exchange.ProposedByMemberId == exchange.ProviderMemberId ? exchange.ReceiverMemberId : exchange.ProviderMemberId],
        ExchangeParty.Either => [exchange.ProviderMemberId, exchange.ReceiverMemberId],
        _ => [],
    };

    private static string Describe(ExchangeParty party) => party switch
    {
        ExchangeParty.Provider => "the provider",
        ExchangeParty.Receiver => "the receiver",
        ExchangeParty.Counterpart => "the party who was asked",
        ExchangeParty.Either => "its parties",
        _ => "a coordinator",
    };

    private sealed record LoadedStep(Exchange Exchange, int PolicyVersion, Member Provider, Member Receiver, Member? Me);
}
