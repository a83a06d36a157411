using FluentValidation;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Features.Audit;
using TimeBank.Api.Features.Members;
using TimeBank.Api.Schema;
using TimeBank.GraphQL.Mutations;
using TimeBank.Ledger.Writes;

namespace TimeBank.Api.Features.Communities;

/// <summary>Input of <c>updateCommunityPolicy</c>: only the rules to change, and optionally the version they change.</summary>
public sealed record UpdateCommunityPolicyInput(long CommunityId, PolicyInput Policy, int? BasedOnVersion = null);

public sealed class UpdateCommunityPolicyInputValidator : AbstractValidator<UpdateCommunityPolicyInput>
{
    public UpdateCommunityPolicyInputValidator()
    {
        RuleFor(i => i.Policy).NotNull();
        RuleFor(i => i.BasedOnVersion).GreaterThan(0);
    }
}

public sealed class UpdateCommunityPolicyInputType : InputObjectGraphType<UpdateCommunityPolicyInput>
{
    public UpdateCommunityPolicyInputType()
    {
        Name = "UpdateCommunityPolicyInput";
        Description = "The rules to change.";
        this.IdField("communityId", "Community", "The community.");
        Field<NonNullGraphType<PolicyInputType>>("policy").Description("The rules to change; omitted ones stay.");
        Field(i => i.BasedOnVersion, nullable: true).Description(
            "The policy version these changes were made against. When another version was added since, the change is refused with WRONG_STATUS (unless it is this very change, repeated).");
    }
}

/// <summary>
/// A coordinator changes the rules: a new policy version, the old ones kept for the record. New limits
/// apply to every member account from now on; history stays judged by the limits of its day.
/// </summary>
public static class UpdateCommunityPolicy
{
    private static readonly UpdateCommunityPolicyInputValidator Validator = new();

    public static void AddUpdateCommunityPolicy(this ObjectGraphType mutation) =>
        mutation.Mutation<UpdateCommunityPolicyInputType, CommunityPayloadType>("updateCommunityPolicy",
                "Adds a policy version with the changed rules (coordinators); rules that change nothing add no version.",
                [ErrorCode.Unauthenticated, ErrorCode.Forbidden, ErrorCode.NotFound, ErrorCode.WrongStatus])
            .ResolveAsync(async ctx => await ctx.RunAsync(Validator,
                (input, db) => ExecuteAsync(input, ctx.Caller(), db, ctx.Service<LedgerWriter<TimeBankDbContext>>(), ctx.Service<TimeProvider>(), ctx.CancellationToken),
                community => new CommunityPayload { Community = community }));

    public static async Task<Outcome<Community>> ExecuteAsync(
        UpdateCommunityPolicyInput input, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger, TimeProvider clock,
        CancellationToken ct)
    {
        if (caller.RefuseAnonymous("Log in to change a policy.") is { } anonymous)
        {
            return anonymous;
        }
        var community = await db.Communities.SingleOrDefaultAsync(c => c.Id == input.CommunityId, ct);
        if (community is null)
        {
            return new Failure(ErrorCode.NotFound, "No such community.", "communityId");
        }
        if (!(await CommunityRoles.LoadAsync(db, community.Id, caller, ct)).IsCoordinator)
        {
            return new Failure(ErrorCode.Forbidden, "Only a coordinator of this community changes its policy.");
        }

        var current = await db.CommunityPolicies.AsNoTracking()
            .SingleAsync(p => p.CommunityId == community.Id && p.Version == community.PolicyVersion, ct);
        if (input.BasedOnVersion is { } basedOn && basedOn != current.Version)
        {
            return await RepeatAsync(input, basedOn, community, db, ct);
        }
        var next = PolicyDefaults.Apply(input.Policy, new CommunityPolicy
        {
            CommunityId = community.Id,
            Version = current.Version + 1,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedByUserId = caller.UserId!.Value,
        }, current);
        if (new PolicyRulesValidator().Validate(next) is { IsValid: false } invalid)
        {
            return new Failure(ErrorCode.InvalidInput, invalid.Errors[0].ErrorMessage, "policy");
        }
        if (SameRules(next, current))
        {
            return community; // Nothing to change (a retry, or rules already in force): no version is added.
        }
        db.CommunityPolicies.Add(next);
        community.PolicyVersion = next.Version;
        AuditTrail.For(db, clock).Add(
            new AuditAct(AuditActions.CommunityPolicy, community.Id, AuditActions.Subjects.Community, community.Id) { Before = Rules(current), After = Rules(next) },
            caller.UserId!.Value);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Two coordinators changed the policy at once; the other one's version stands.
            return new Failure(ErrorCode.WrongStatus, "The policy was changed meanwhile; reload it and try again.");
        }
        if (next.FloorMinutes != current.FloorMinutes || next.CeilingMinutes != current.CeilingMinutes)
        {
            await ApplyLimitsAsync(community, current, next, caller, db, ledger, clock, ct);
        }
        return community;
    }

    /// <summary>
    /// The change names an older version: it is this change repeated when the version made from that one has
    /// exactly the rules it asks for; otherwise someone else changed the policy meanwhile.
    /// </summary>
    private static async Task<Outcome<Community>> RepeatAsync(
        UpdateCommunityPolicyInput input, int basedOn, Community community, TimeBankDbContext db, CancellationToken ct)
    {
        var versions = await db.CommunityPolicies.AsNoTracking()
            .Where(p => p.CommunityId == community.Id && (p.Version == basedOn || p.Version == basedOn + 1)).OrderBy(p => p.Version).ToListAsync(ct);
        if (versions is not [var based, var madeFrom])
        {
            return new Failure(ErrorCode.WrongStatus, $"The policy is at version {community.PolicyVersion}, not {basedOn}.", "basedOnVersion");
        }
        return SameRules(madeFrom, PolicyDefaults.Apply(input.Policy, new CommunityPolicy(), based))
            ? community
            : new Failure(ErrorCode.WrongStatus, $"The policy was changed meanwhile (now version {community.PolicyVersion}); reload it and try again.", "basedOnVersion");
    }

    private static object Rules(CommunityPolicy p) => new
    {
        version = p.Version,
        floorMinutes = p.FloorMinutes,
        ceilingMinutes = p.CeilingMinutes,
        joiningGrantMinutes = p.JoiningGrantMinutes,
        autoAcknowledgeDays = p.AutoAcknowledgeDays,
        requiresApproval = p.RequiresApproval,
        allowsDirectRecording = p.AllowsDirectRecording,
    };

    private static bool SameRules(CommunityPolicy a, CommunityPolicy b) =>
        (a.FloorMinutes, a.CeilingMinutes, a.JoiningGrantMinutes, a.AutoAcknowledgeDays, a.RequiresApproval, a.AllowsDirectRecording)
        == (b.FloorMinutes, b.CeilingMinutes, b.JoiningGrantMinutes, b.AutoAcknowledgeDays, b.RequiresApproval, b.AllowsDirectRecording);

    /// <summary>
    /// New limits reach every member account. Each write's key names the policy version and the account,
    /// so running this again after an interruption finishes the job without doing anything twice. Each account's
    /// change is recorded in the audit trail in its own write's transaction, from <paramref name="before"/>'s limits.
    /// </summary>
    internal static async Task ApplyLimitsAsync(
        Community community, CommunityPolicy before, CommunityPolicy policy, Caller caller, TimeBankDbContext db, LedgerWriter<TimeBankDbContext> ledger,
        TimeProvider clock, CancellationToken ct)
    {
        var accounts = await db.Members.Where(m => m.CommunityId == community.Id && m.AccountId != null)
            .Select(m => new { MemberId = m.Id, AccountId = m.AccountId!.Value }).ToListAsync(ct);
        var writes = accounts.Select(account => PreparedStatements.SubmitAsync(ledger, new SetAccountLimits(account.AccountId, policy.FloorMinutes, policy.CeilingMinutes)
        {
            IdempotencyKey = LedgerVocabulary.PolicyLimitsKey(community.Id, policy.Version, account.AccountId),
            ActorId = caller.LedgerActor,
            Cause = LedgerVocabulary.CommunityPolicyCause(community.Id, policy.Version),
            PolicyVersion = policy.Version,
        }, (statements, _) =>
        {
            AuditTrail.OnLedgerWriter(statements, clock).Add(
                new AuditAct(AuditActions.AccountLimits, community.Id, AuditActions.Subjects.Account, account.AccountId)
                {
                    PrincipalMemberId = account.MemberId,
                    Before = new { policyVersion = before.Version, floorMinutes = before.FloorMinutes, ceilingMinutes = before.CeilingMinutes },
                    After = new { policyVersion = policy.Version, floorMinutes = policy.FloorMinutes, ceilingMinutes = policy.CeilingMinutes },
                },
                caller.UserId!.Value);
            return Task.CompletedTask;
        }, clock, ct));
        foreach (var result in await Task.WhenAll(writes))
        {
            if (!result.Succeeded && result.Status != LedgerStatus.AccountClosed)
            {
                throw new InvalidOperationException($"Applying policy {policy.Version} limits failed: {result.Status}");
            }
        }
    }
}
