using System.Net;

namespace AgentPlatform.Tests.Tools;

/// <summary>The production policy, except that one address (the test server's) is allowed.</summary>
public sealed class AllowOneAddressPolicy(IPAddress allowed) : IWebAddressPolicy
{
    private readonly PublicAddressPolicy _production = new();

    public bool IsAllowed(IPAddress address) => address.Equals(allowed) || _production.IsAllowed(address);

    /// <summary>The test servers listen on free ports.</summary>
    public bool IsPortAllowed(int port) => true;
}
