using System.Net;
using System.Net.Sockets;

namespace AgentPlatform.Worker.Tools.BuiltIn.WebFetch;

/// <summary>
/// Opens web_fetch's connections: resolves the host itself, refuses it if any of its addresses is not allowed, then
/// connects to exactly those addresses and checks the one connected to. Every connection (so every redirect hop to a
/// new origin) comes through here, and the check is on the address actually used, which defeats DNS rebinding.
/// </summary>
internal sealed class GuardedConnector(IWebAddressPolicy policy, IHostResolver resolver)
{
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.All,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = ConnectAsync,
    };

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host.Trim('[', ']');
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw new ToolException($"The host '{host}' has no addresses.");
        }

        if (addresses.FirstOrDefault(a => !policy.IsAllowed(a)) is { } refused)
        {
            throw Refusal(host, refused);
        }

        if (!policy.IsPortAllowed(context.DnsEndPoint.Port))
        {
            throw new ToolException($"Refused to connect to {host} on port {context.DnsEndPoint.Port}: web_fetch only uses the ports 80 and 443 (and those configured in Tools:WebFetch:AllowedPorts).");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            // A dual-mode socket reports an IPv4 peer as ::ffff:a.b.c.d; the policy sees the IPv4 address.
            var remote = (socket.RemoteEndPoint as IPEndPoint)?.Address;
            remote = remote is { IsIPv4MappedToIPv6: true } ? remote.MapToIPv4() : remote;
            if (remote is null || !policy.IsAllowed(remote))
            {
                throw Refusal(host, remote);
            }

            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (Exception)
        {
            socket.Dispose();
            throw;
        }
    }

    private static ToolException Refusal(string host, IPAddress? address) =>
        new($"Refused to connect to {host} ({address}): it is a private, local, reserved or metadata address. " +
            "web_fetch only reaches the public internet.");
}
