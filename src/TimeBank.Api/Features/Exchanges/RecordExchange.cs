using FluentValidation;
using GraphQL.Types;
using Microsoft.Data.Sqlite;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Exchanges;

/// <summary>Input of <c>recordExchange</c>.</summary>
public sealed record RecordExchangeInput(
    long ProviderMemberId, int Minutes, string? Description = null, long? OnBehalfOfMemberId = null, string? IdempotencyKey = null);

public sealed class RecordExchangeInputValidator : AbstractValidator<RecordExchangeInput>
{
    public RecordExchangeInputValidator()
    {
        ExchangeStart.Minutes(RuleFor(i => i.Minutes));
        RuleFor(i => i.Description).MaximumLength(500);
        RuleFor(i => i.IdempotencyKey).NotEmpty().MaximumLength(100).When(i => i.IdempotencyKey is not null);
    }
}

public sealed class RecordExchangeInputType : InputObjectGraphType<RecordExchangeInput>
{
    public RecordExchangeInputType()
    {
        Name = "RecordExchangeInput";
        Description = "An exchange that already happened, recorded by the receiver and settled at once.";
        this.IdField("providerMemberId", "Member", "The member who helped you.");
        Field(i => i.Minutes).Description($"The minutes it took, 1 to {ExchangeStart.MaxMinutes}.");
        Field(i => i.Description, nullable: true).Description("What the help was, up to 500 characters.");
        this.IdFieldOptional("onBehalfOfMemberId", "Member", "A coordinator records on behalf of this receiver; yourself by default. Never where the coordinator is the provider (FORBIDDEN).");
        Field(i => i.IdempotencyKey, nullable: true).Description(
            "A key of your choosing, up to 100 characters, so a retry cannot record twice: the same key again returns the exchange it " +
            "recorded; the same key with other content is refused with IDEMPOTENCY_CONFLICT. Without one, every call records.");
    }
}

/// <summary>
/// The classic time-bank flow, where the community's policy allows it: the receiver records help already
/// given and the minutes move at once, in one entry created with the exchange in one transaction.
/// </summary>
public static class RecordExchange
{
    private static readonly RecordExchangeInputValidator Validator = new();

    // The provider, the policy in force in their community and the caller's membership there, in one statement prepared
    // once per connection (PreparedReads): recording is a settlement, among the API's busiest calls, and preparing this
    // join anew on every call through EF Core was about a tenth of the request threads' CPU under settle load.
    private static readonly string PartiesSql = $"""
        SELECT {MemberColumns.Step("provider")}, policy."Version", policy."AllowsDirectRecording", {MemberColumns.Step("me")}
        FROM "Members" provider
        JOIN "Communities" community ON community."Id" = provider."CommunityId"
        JOIN "CommunityPolicies" policy ON policy."CommunityId" = community."Id" AND policy."Version" = community."PolicyVersion"
        LEFT JOIN "Members" me ON me."CommunityId" = provider."CommunityId" AND me."UserId" = @p1
        WHERE provider."Id" = @p0
        """;

    private const int MeAt = MemberColumns.StepCount + 2;

    public static void AddRecordExchange(this ObjectGraphType mutation) =>
        mutation.Mutation<RecordExchangeInputType, ExchangePayloadType>("recordExchange",
                "The receiver records an exchange that already happened; it is settled at once.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus, ErrorCode.NotAllowedByPolicy, ErrorCode.InsufficientCredit, ErrorCode.CeilingReached, ErrorCode.IdempotencyConflict])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken),
                exchange => new ExchangePayload { Exchange = exchange }));

    public static async Task<Outcome<Exchange>> ExecuteAsync(
        RecordExchangeInput input, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock, CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to record an exchange.") is { } anonymous)
        {
            return anonymous;
        }
        var loaded = db.PreparedReads.Read(PartiesSql, ReadParties, input.ProviderMemberId, caller.UserId!.Value);
        if (loaded is null)
        {
            return new Failure(ErrorCode.NotFound, "No such member.", "providerMemberId");
        }
        var provider = loaded.Provider;
        var proposer = await ExchangeStart.ProposerAsync(db, new CommunityRoles(caller, loaded.Me), provider.CommunityId, input.OnBehalfOfMemberId, provider, ct);
        if (!proposer.Succeeded)
        {
            return ExchangeStart.ProposerRefused(proposer, "providerMemberId");
        }
        var (receiver, actor) = proposer.Value;
        if (!loaded.AllowsDirectRecording)
        {
            return new Failure(ErrorCode.NotAllowedByPolicy, "This community does not allow recording settled exchanges; propose one instead.");
        }
        return await ExchangeStart.OpenAsync(new(db, ledger, clock, ct), new ExchangeOpening(ExchangeStateMachine.Record, provider, receiver, receiver, actor, input.Minutes)
        {
            Description = input.Description,
            OtherPartyField = "providerMemberId",
            PolicyVersion = loaded.PolicyVersion,
            // The caller's own key, scoped to them; without one every call records.
            RecordKey = input.IdempotencyKey is { } key ? LedgerVocabulary.RecordKey(caller.UserId!.Value, key) : null,
        });
    }

    private static LoadedParties? ReadParties(SqliteDataReader reader) => reader.Read()
        ? new LoadedParties(MemberColumns.ReadStep(reader, 0)!, reader.GetInt32(MemberColumns.StepCount), reader.GetBoolean(MemberColumns.StepCount + 1), MemberColumns.ReadStep(reader, MeAt))
        : null;

    private sealed record LoadedParties(Member Provider, int PolicyVersion, bool AllowsDirectRecording, Member? Me);
}
