using System.Net;

namespace AgentPlatform.Worker.Tools.BuiltIn.WebFetch;

/// <summary>Resolves a host name for web_fetch; the addresses are checked by the policy before connecting.</summary>
public interface IHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
