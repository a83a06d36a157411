using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace TimeBank.GraphQL.Http;

/// <summary>What the response to a GraphQL HTTP request is written as.</summary>
internal enum ResponseMediaType
{
    /// <summary><c>application/json</c>: every well-formed GraphQL response is 200.</summary>
    Json,

    /// <summary><c>application/graphql-response+json</c>: a request that did not execute is 4xx.</summary>
    GraphQLResponse,

    /// <summary><c>text/html</c>: a person with a browser, who gets a page about the endpoint.</summary>
    Html,
}

/// <summary>
/// Picks the response type from <c>Accept</c> by q-value. At equal q an exact GraphQL type beats
/// <c>text/html</c>, which beats wildcards; wildcards, no header and nothing acceptable all give
/// <c>application/json</c> (the server never answers 406).
/// </summary>
internal static class AcceptNegotiation
{
    public const string GraphQLResponseJson = "application/graphql-response+json";
    public const string ApplicationJson = "application/json";

    public static ResponseMediaType Choose(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept) || !MediaTypeHeaderValue.TryParseList(accept, out var values))
        {
            return ResponseMediaType.Json;
        }

        var best = ResponseMediaType.Json;
        var bestQuality = 0.0;
        var bestRank = 0;
        foreach (var value in values)
        {
            var quality = value.Quality ?? 1.0;
            var (type, rank) = Classify(value.MediaType);
            if (rank == 0 || quality <= 0)
            {
                continue;
            }
            if (quality > bestQuality || (quality == bestQuality && rank > bestRank))
            {
                (best, bestQuality, bestRank) = (type, quality, rank);
            }
        }
        return best;
    }

    private static (ResponseMediaType Type, int Rank) Classify(StringSegment mediaType)
    {
        if (mediaType.Equals(GraphQLResponseJson, StringComparison.OrdinalIgnoreCase))
        {
            return (ResponseMediaType.GraphQLResponse, 5);
        }
        if (mediaType.Equals(ApplicationJson, StringComparison.OrdinalIgnoreCase))
        {
            return (ResponseMediaType.Json, 4);
        }
        if (mediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return (ResponseMediaType.Html, 3);
        }
        if (mediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase))
        {
            return (ResponseMediaType.Json, 2);
        }
        if (mediaType.Equals("*/*", StringComparison.OrdinalIgnoreCase))
        {
            return (ResponseMediaType.Json, 1);
        }
        return (ResponseMediaType.Json, 0);
    }
}
