using System.Net;
using System.Net.Sockets;

namespace AgentPlatform.Worker.Tools.BuiltIn.WebFetch;

/// <summary>The system resolver. A name that does not exist is the caller's mistake, not a failing tool.</summary>
public sealed class DnsHostResolver(Func<string, CancellationToken, Task<IPAddress[]>> lookup) : IHostResolver
{
    public DnsHostResolver()
        : this(Dns.GetHostAddressesAsync)
    {
    }

    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        try
        {
            return await lookup(host, cancellationToken);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData)
        {
            throw new ToolException($"The host '{host}' does not exist.", ex);
        }
    }
}
