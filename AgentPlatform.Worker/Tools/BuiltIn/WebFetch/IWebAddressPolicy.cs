using System.Net;

namespace AgentPlatform.Worker.Tools.BuiltIn.WebFetch;

/// <summary>Decides which IP addresses web_fetch may connect to. Checked on the address actually connected to.</summary>
public interface IWebAddressPolicy
{
    bool IsAllowed(IPAddress address);

    /// <summary>Which ports web_fetch may connect to (checked with the addresses, before connecting).</summary>
    bool IsPortAllowed(int port);
}
