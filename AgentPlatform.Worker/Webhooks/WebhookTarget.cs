using System.Net;
using AgentPlatform.Worker.Tools.BuiltIn.WebFetch;

namespace AgentPlatform.Worker.Webhooks;

/// <summary>
/// Which addresses webhooks may reach: web_fetch's <see cref="PublicAddressPolicy"/> (public addresses, ports 80 and
/// 443 plus <c>Webhooks:AllowedPorts</c>), or anything with <c>Webhooks:AllowPrivateAddresses=true</c> (development).
/// Checked by the <see cref="GuardedConnector"/> on every connection, after DNS, on the address connected to.
/// </summary>
internal sealed class WebhookAddressPolicy(WebhookOptions options) : IWebAddressPolicy
{
    private readonly PublicAddressPolicy _public = new(options.AllowedPorts);

    public bool IsAllowed(IPAddress address) => options.AllowPrivateAddresses || _public.IsAllowed(address);

    public bool IsPortAllowed(int port) => options.AllowPrivateAddresses || _public.IsPortAllowed(port);
}
