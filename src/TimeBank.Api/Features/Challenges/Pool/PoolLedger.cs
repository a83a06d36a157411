using System.Globalization;
using FluentValidation;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Events;
using TimeBank.Api.Features.Accounts;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Schema;
using TimeBank.Ledger.Model;
using TimeBank.Ledger.Reads;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Challenges.Pool;

/// <summary>What a gift runs with: the request's database context, the ledger writer, the clock.</summary>
public sealed record PoolRun(TimeBankDbContext Db, LedgerWriter<TimeBankDbContext> Ledger, TimeProvider Clock, CancellationToken Ct);

/// <summary>
/// One gift of minutes as the ledger writes it: the transfer, and what is written beside it in the same transaction.
/// <see cref="ChallengeId"/> names the challenge whose pool receives it (null for a donation to the fund), and
/// <see cref="ChallengeStates"/> the states it may be in when the entry is written.
/// </summary>
public sealed record PoolGift(Transfer Command, long? ChallengeId, IReadOnlyList<ChallengeStatus> ChallengeStates)
{
    /// <summary>The member whose account gives (told of its new balance); null when the fund gives.</summary>
    public Member? Donor { get; init; }

    /// <summary>The audit record of an administrative act (a grant, a donation on someone's behalf), by <see cref="ActorUserId"/>.</summary>
    public AuditAct? Act { get; init; }

    public long ActorUserId { get; init; }
}

/// <summary>
/// The one write path of donations and grants. The ledger decides whether the giving account can afford it (its floor;
/// no check-then-write here) and whether a retry is a replay or a conflict. The challenge's state is checked again
/// inside the ledger writer's transaction, so a donation racing the challenge's closing either lands before the
/// closing reads the pool's balance or is refused.
/// </summary>
public static class PoolLedger
{
    /// <summary>The most one gift moves: 1,000 hours, beyond any member's ceiling; a fund may grant that much at once.</summary>
    public const int MaxMinutes = 60_000;

    public const string IdempotencyKeyRule =
        "A key of your choosing, up to 100 characters, so a retry cannot give twice: the same key with the same content returns the " +
        "first result; the same key with other content is refused with IDEMPOTENCY_CONFLICT.";

    public static void Minutes<T>(IRuleBuilder<T, int> rule) => rule.InclusiveBetween(1, MaxMinutes);

    /// <summary>The same rule as recordExchange's key.</summary>
    public static IRuleBuilderOptions<T, string?> IdempotencyKey<T>(IRuleBuilder<T, string?> rule) => rule.NotEmpty().MaximumLength(100);

    /// <summary>The ledger key of a gift: the caller's retry key scoped to them, or a fresh one when there is none.</summary>
    public static string Key(string kind, long userId, string? clientKey) =>
        LedgerVocabulary.GiftKey(kind, userId, clientKey ?? Guid.NewGuid().ToString("N"));

    /// <summary>
    /// Whether <paramref name="key"/> was already written: a retry of a gift made while the challenge took it is answered
    /// by the ledger (the first result, or a conflict) even after the challenge moved on.
    /// </summary>
    public static Task<bool> KeyUsedAsync(TimeBankDbContext db, string key, CancellationToken ct) =>
        db.Set<LedgerEntry>().AnyAsync(e => e.IdempotencyKey == key, ct);

    public static string Word(ChallengeStatus status) => status.ToString().ToUpperInvariant();

    /// <summary>
    /// Writes <paramref name="gift"/>: the entry, the challenge's <c>challengeUpdated</c> event, the donor's
    /// <c>balanceChanged</c>, the audit record, all in the ledger's transaction. Returns the ledger's result (a replay
    /// carries the first entry), or WRONG_STATUS when the challenge moved out of the gift's states meanwhile.
    /// </summary>
    public static async Task<Outcome<LedgerResult>> WriteAsync(PoolRun run, PoolGift gift)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(gift);
        try
        {
            return await PreparedStatements.SubmitAsync(run.Ledger, gift.Command, (statements, written) =>
            {
                var outbox = OutboxWriter.OnLedgerWriter(statements, run.Clock);
                if (gift.ChallengeId is { } challengeId)
                {
                    var status = Enum.Parse<ChallengeStatus>((string)statements.Scalar(StatusSql, ("@id", challengeId))!);
                    if (!gift.ChallengeStates.Contains(status))
                    {
                        throw new ChallengeMovedException(status);
                    }
                    ChallengeEvents.TellUpdated(outbox, challengeId, ChallengeChange.Donation);
                }
                if (gift.Donor is { } donor)
                {
                    BalanceChanged.Tell(outbox, written, [donor]);
                }
                if (gift.Act is { } act)
                {
                    AuditTrail.OnLedgerWriter(statements, run.Clock).Add(act, gift.ActorUserId);
                }
                return Task.CompletedTask;
            }, run.Clock, run.Ct);
        }
        catch (ChallengeMovedException moved)
        {
            return new Failure(ErrorCode.WrongStatus, $"The challenge became {Word(moved.Status)} meanwhile; nothing was given.", "challengeId");
        }
    }

    /// <summary>The fund's floor refused a grant: INSUFFICIENT_CREDIT, saying what the fund holds and can give.</summary>
    public static async Task<Failure> FundShortAsync(TimeBankDbContext db, long fundAccountId, long minutes, CancellationToken ct)
    {
        var fund = await db.FindLedgerAccountAsync(fundAccountId, ct) ?? throw new InvalidOperationException($"fund account {fundAccountId} is missing");
        var spendable = fund.SpendableMinutes?.ToString(CultureInfo.InvariantCulture) ?? "unlimited";
        return new Failure(ErrorCode.InsufficientCredit,
            $"The community fund holds {fund.BalanceMinutes} minutes and can grant {spendable}; this grant needs {minutes}.", "minutes");
    }

    private const string StatusSql = """SELECT "Status" FROM "Challenges" WHERE "Id" = @id""";

    /// <summary>Thrown inside the ledger's transaction to undo a gift whose challenge left the gift's states meanwhile.</summary>
    private sealed class ChallengeMovedException(ChallengeStatus status) : Exception
    {
        public ChallengeStatus Status { get; } = status;
    }
}
