namespace TimeBank.Api.Features.Listings;

public static class ListingsRegistration
{
    /// <summary>The job that expires listings and reminds their owners shortly before.</summary>
    public static IServiceCollection AddListingExpiry(this IServiceCollection services)
    {
        services.AddSingleton<ListingExpiry>();
        services.AddHostedService<ListingExpiryJob>();
        return services;
    }
}
