using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http;

namespace AgentPlatform.Gateway;

/// <summary>The Api replicas behind the gateway and how clients stick to one (section <c>Gateway</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Each Api replica's own address, e.g. <c>http://api-1:8080</c> (never a load-balanced name: affinity needs
    /// to tell the replicas apart).</summary>
    [MinLength(1, ErrorMessage = "Gateway:Destinations needs at least one Api replica address.")]
    public string[] Destinations { get; set; } = [];

    /// <summary>The cookie that pins a SignalR client's negotiate and connect requests to one replica.</summary>
    [Required]
    public string AffinityCookie { get; set; } = ".AgentPlatform.Affinity";

    /// <summary><c>Lax</c> for a frontend on the same site; <c>None</c> (over HTTPS) for a frontend on another site.</summary>
    public SameSiteMode AffinityCookieSameSite { get; set; } = SameSiteMode.Lax;

    /// <summary>How long a proxied stream may stay silent (SSE heartbeats and WebSocket pings keep live streams busy).</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan ActivityTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often each replica's /health is checked; an unhealthy replica gets no new requests.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(10);
}
