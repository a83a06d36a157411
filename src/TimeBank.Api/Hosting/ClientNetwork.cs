using System.Net;
using System.Net.Sockets;

namespace TimeBank.Api.Hosting;

/// <summary>
/// The key a client address is counted by in throttles and rate limits. An IPv6 client is counted by its /64 network,
/// which one subscriber usually holds whole (counting single addresses would give each of them billions); an IPv4
/// address mapped into IPv6 counts as the IPv4 address.
/// </summary>
public static class ClientNetwork
{
    public const string Unknown = "unknown";

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4().ToString();
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The key of an address given as text; text that is not an address is its own key.</summary>
    public static string Of(string clientAddress) =>
        IPAddress.TryParse(clientAddress, out var address) ? Of(address) : clientAddress;
}
