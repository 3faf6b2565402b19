using System.Net;
using System.Net.Sockets;

namespace AgentPlatform.Worker.Tools.BuiltIn.WebFetch;

/// <summary>
/// The production policy: only the public internet. Refuses loopback, private, link-local, CGNAT, unspecified,
/// multicast, reserved (6to4 relay anycast, benchmarking, ORCHID, local-use NAT64) and documentation ranges and the cloud metadata endpoints, in IPv4 and IPv6, including IPv4
/// addresses carried inside IPv6 (mapped, compatible, NAT64, 6to4) and Teredo.
/// </summary>
public sealed class PublicAddressPolicy(IEnumerable<int>? extraPorts = null) : IWebAddressPolicy
{
    private readonly HashSet<int> _ports = [80, 443, .. extraPorts ?? []];

    /// <summary>80 and 443, plus <c>Tools:WebFetch:AllowedPorts</c>: other ports are where internal services listen.</summary>
    public bool IsPortAllowed(int port) => _ports.Contains(port);

    private static readonly IPNetwork[] Refused =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.0.0.0/24", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
            "224.0.0.0/4", "240.0.0.0/4",
            "192.88.99.0/24",
            "::/96", "::ffff:0:0:0/96", "100::/64", "2001::/32", "2001:2::/48", "2001:10::/28", "2001:db8::/32", "64:ff9b:1::/48", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
        }.Select(IPNetwork.Parse),
    ];

    /// <summary>Instance metadata services (AWS, GCP, Azure IMDS; AWS over IPv6; Azure's wire server; Alibaba).</summary>
    private static readonly IPAddress[] Metadata =
        [.. new[] { "169.254.169.254", "fd00:ec2::254", "168.63.129.16", "100.100.100.200" }.Select(IPAddress.Parse)];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork Nat64Local = IPNetwork.Parse("64:ff9b:1::/48");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    public bool IsAllowed(IPAddress address)
    {
        // Drop any IPv6 scope id so comparisons see the address alone.
        address = new IPAddress(address.GetAddressBytes());
        if (address.IsIPv4MappedToIPv6)
        {
            return IsAllowed(address.MapToIPv4());
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6 && EmbeddedIPv4(address) is { } inner && !IsAllowed(inner))
        {
            return false;
        }

        return !Metadata.Contains(address) && !Refused.Any(n => n.Contains(address));
    }

    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return Nat64.Contains(address) || Nat64Local.Contains(address) ? new IPAddress(bytes.AsSpan(12, 4))
            : SixToFour.Contains(address) ? new IPAddress(bytes.AsSpan(2, 4))
            : null;
    }
}
