using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using TimeBank.Api.Data;
using TimeBank.Api.Schema;

namespace TimeBank.Api.Features.Audit.Exports;

/// <summary>
/// One export download: the caller's right to it, the cut (<c>asOf</c>, default now, never in the future), then the
/// file streamed straight from the ledger's reader into the response body, unbuffered, and stopped when the client goes
/// away (the request's abort token cancels the read).
/// </summary>
internal sealed record ExportDownload(string FileName, string ContentType, bool TakesAsOf, Func<DbContext, string, DateTimeOffset, Stream, CancellationToken, Task> Write)
{
    private const int AsOfMaxLength = 40;

    public async Task HandleAsync(HttpContext http, string communityId, IDbContextFactory<TimeBankDbContext> contexts, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var asOf = now;
        var asked = http.Request.Query["asOf"].ToString();
        if (TakesAsOf && asked.Length > 0)
        {
            if (asked.Length > AsOfMaxLength
                || !DateTimeOffset.TryParse(asked, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out asOf)
                || asOf > now)
            {
                await ExportErrors.WriteAsync(http, StatusCodes.Status400BadRequest, ErrorCode.InvalidInput,
                    "asOf must be a date and time in ISO-8601 (e.g. 2026-11-30T23:59:59Z), not in the future.");
                return;
            }
        }

        await using var db = await contexts.CreateDbContextAsync(http.RequestAborted);
        if (await ExportAccess.AuthorizeAsync(http, db, communityId) is not { } community)
        {
            return;
        }

        http.Response.ContentType = ContentType;
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        var name = string.Create(CultureInfo.InvariantCulture, $"{community.Slug}-{asOf.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}-{FileName}");
        http.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = name, FileName = name }.ToString();
        // Bytes go to the client as they are written: a journal of any length never sits in the server's memory.
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await Write(db, community.LedgerGroup, asOf, http.Response.Body, http.RequestAborted);
    }
}
