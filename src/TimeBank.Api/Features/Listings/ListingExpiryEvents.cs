using TimeBank.Api.Events;

namespace TimeBank.Api.Features.Listings;

/// <summary>
/// The events of <see cref="ListingExpiry"/>, told to the listing's owner: a reminder before a listing expires, and
/// its expiry. No subscription delivers them yet; they wait in the outbox for the notifications that will.
/// </summary>
public static class ListingExpiryEvents
{
    public static readonly EventTopic<ListingExpiryEvent> Expiring = new(ListingExpiry.ExpiringTopic);

    public static readonly EventTopic<ListingExpiryEvent> Expired = new(ListingExpiry.ExpiredTopic);
}
