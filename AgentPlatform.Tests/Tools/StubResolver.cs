using System.Net;

namespace AgentPlatform.Tests.Tools;

/// <summary>A resolver with fixed answers, to make a host name point anywhere.</summary>
public sealed class StubResolver(string host, params IPAddress[] addresses) : IHostResolver
{
    public int Calls { get; private set; }

    public Task<IPAddress[]> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        Calls++;
        return name == host ? Task.FromResult(addresses) : throw new ToolException($"The host '{name}' does not exist.");
    }
}
