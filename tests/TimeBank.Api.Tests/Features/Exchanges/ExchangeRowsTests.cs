using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TimeBank.Api.Data;
using TimeBank.Api.Data.Entities;
using TimeBank.Api.Tests.Infrastructure;

namespace TimeBank.Api.Tests.Features.Exchanges;

/// <summary>
/// The rows written beside a ledger entry go in with prepared statements, not EF Core: they must read back
/// through the model exactly, times to the tick and event ids findable by a query.
/// </summary>
public sealed class ExchangeRowsTests(ExchangesFixture bank) : IClassFixture<ExchangesFixture>
{
    private const string Fields = ExchangesFixture.ExchangeFields + " description completionNote disputeReason completedAt settledAt createdAt updatedAt";

    [Fact]
    public async Task ASettlementsRowsReadBackThroughTheModel()
    {
        var id = await bank.InStatusAsync("COMPLETED");
        var key = long.Parse(ExchangesFixture.KeyOf(id), CultureInfo.InvariantCulture);
        var before = await LastEventAsync();
        bank.App.Clock.Advance(TimeSpan.FromTicks(1_234_567));
        var at = bank.App.Clock.GetUtcNow().UtcDateTime;

        await bank.OkAsync("acknowledgeExchange", "maria", new { exchangeId = id });

        await using var db = await ContextAsync();
        var exchange = await db.Exchanges.SingleAsync(e => e.Id == key);
        Assert.Equal((ExchangeStatus.Settled, at, at, DateTimeKind.Utc), (exchange.Status, exchange.SettledAt, exchange.UpdatedAt, exchange.SettledAt!.Value.Kind));
        Assert.NotNull(exchange.SettlementEntrySequence);
        var step = await db.ExchangeTransitions.Where(t => t.ExchangeId == key).OrderBy(t => t.Id).LastAsync();
        Assert.Equal((ExchangeStatus.Completed, ExchangeStatus.Settled, "acknowledge", at), (step.FromStatus, step.ToStatus, step.Action, step.At));
        await AssertEventsAsync(db, before, at, ["exchangeUpdated", "acknowledgementReceived", "balanceChanged", "balanceChanged", "ledgerEntryPosted"]);
    }

    [Fact]
    public async Task ARecordedExchangeReadsBackThroughTheModel()
    {
        var before = await LastEventAsync();
        bank.App.Clock.Advance(TimeSpan.FromTicks(7_654_321));
        var at = bank.App.Clock.GetUtcNow().UtcDateTime;

        var recorded = await bank.OkAsync("recordExchange", "sam", new { providerMemberId = bank.Member("tom"), minutes = 25, description = "fixed a bike" });

        var key = long.Parse(ExchangesFixture.KeyOf((string)recorded["id"]!), CultureInfo.InvariantCulture);
        await using var db = await ContextAsync();
        var exchange = await db.Exchanges.SingleAsync(e => e.Id == key);
        Assert.Equal(("fixed a bike", 25, 25, ExchangeStatus.Settled), (exchange.Description, exchange.AgreedMinutes, exchange.ActualMinutes, exchange.Status));
        Assert.Equal((at, at, at, at), (exchange.CreatedAt, exchange.UpdatedAt, exchange.CompletedAt, exchange.SettledAt));
        var step = await db.ExchangeTransitions.SingleAsync(t => t.ExchangeId == key);
        Assert.Equal((null, ExchangeStatus.Settled, "record", 25, at), (step.FromStatus, step.ToStatus, step.Action, step.Minutes, step.At));
        await AssertEventsAsync(db, before, at, ["exchangeUpdated", "acknowledgementReceived", "balanceChanged", "balanceChanged", "ledgerEntryPosted"]);
    }

    [Theory]
    [InlineData("ACCEPTED", "acceptExchange", "tom")]
    [InlineData("ACCEPTED", "cancelExchange", "maria")]
    [InlineData("COMPLETED", "acknowledgeExchange", "maria")]
    public async Task WhatAStepReturnsIsWhatItStored(string from, string mutation, string person)
    {
        var id = await bank.InStatusAsync(from == "ACCEPTED" && mutation == "acceptExchange" ? "REQUESTED" : from);
        bank.App.Clock.Advance(TimeSpan.FromTicks(3_456_789));

        var returned = await ReturnedAsync(mutation, person, new { exchangeId = id });

        Assert.Equal(returned.ToJsonString(), (await StoredAsync(id)).ToJsonString());
    }

    [Fact]
    public async Task WhatRecordingReturnsIsWhatItStored()
    {
        bank.App.Clock.Advance(TimeSpan.FromTicks(4_567_891));

        var returned = await ReturnedAsync("recordExchange", "sam", new { providerMemberId = bank.Member("tom"), minutes = 15 });

        Assert.Equal(returned.ToJsonString(), (await StoredAsync((string)returned["id"]!)).ToJsonString());
    }

    /// <summary>
    /// Prepared statements write past EF Core, so they are for the ledger writer's callback only: nothing hands them out
    /// but <see cref="PreparedStatements.SubmitAsync"/>, whose callback gets them bound to the writer's transaction.
    /// </summary>
    [Fact]
    public void PreparedStatementsAreReachedOnlyThroughTheLedgerWritersCallback()
    {
        var type = typeof(PreparedStatements);
        const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

        Assert.All(type.GetConstructors(Any), c => Assert.True(c.IsPrivate, "a constructor others can call"));
        var handOuts = type.GetMethods(Any).Where(m => !m.IsPrivate && m.ReturnType == type).Select(m => m.Name);
        Assert.Empty(handOuts);
        var submit = type.GetMethods(BindingFlags.Public | BindingFlags.Static).Where(m => !m.IsSpecialName).Select(m => m.Name);
        Assert.Equal(["SubmitAsync"], submit);
    }

    private async Task<JsonNode> ReturnedAsync(string mutation, string person, object input)
    {
        var response = await bank.App.GraphQLAsync(MutationDocument.For(mutation, $"exchange {{ {Fields} }} errors {{ code message }}"), new { input }, bank.Token(person));
        return TestCommunity.Ok(response, mutation)["exchange"]!;
    }

    private async Task<JsonNode> StoredAsync(string id)
    {
        var response = await bank.App.GraphQLAsync($"query($id: ID!) {{ exchange(id: $id) {{ {Fields} }} }}", new { id }, bank.Token("coordinator"));
        return response["data"]!["exchange"]!;
    }

    private static async Task AssertEventsAsync(TimeBankDbContext db, long after, DateTime at, string[] topics)
    {
        var events = await db.Outbox.Where(m => m.Id > after).OrderBy(m => m.Id).ToListAsync();
        Assert.Equal(topics, events.Select(e => e.Topic));
        Assert.All(events, e => Assert.Equal(at, e.CreatedAt));
        var ids = events.Select(e => e.EventId).ToList();
        Assert.DoesNotContain(Guid.Empty, ids);
        // Found by a query on the id: stored in the same text form as EF Core stores and compares it.
        Assert.Equal(ids.Count, await db.Outbox.CountAsync(m => ids.Contains(m.EventId)));
    }

    private async Task<long> LastEventAsync()
    {
        await using var db = await ContextAsync();
        return await db.Outbox.MaxAsync(m => (long?)m.Id) ?? 0;
    }

    private Task<TimeBankDbContext> ContextAsync() =>
        bank.App.Services.GetRequiredService<IDbContextFactory<TimeBankDbContext>>().CreateDbContextAsync();
}
