using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace AgentPlatform.Api.Deployment;

/// <summary>
/// Which proxies may set X-Forwarded-For/-Proto/-Host (section <c>ForwardedHeaders</c>): the gateway or ingress in
/// front of the Api. Off by default; without known proxies or networks ASP.NET trusts loopback only.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";

    public bool Enabled { get; set; }

    /// <summary>Proxy addresses, e.g. <c>10.0.0.12</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR notation, e.g. <c>10.0.0.0/8</c> (a cluster's pod network).</summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row to trust (ingress then gateway is 2).</summary>
    public int ForwardLimit { get; set; } = 2;

    public void ApplyTo(ForwardedHeadersOptions options)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        options.ForwardLimit = ForwardLimit;
        foreach (var proxy in KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }
    }
}
