namespace AgentPlatform.Api.Deployment;

/// <summary>
/// HTTPS where the Api itself sees TLS (section <c>Https</c>). Behind the gateway or an ingress that terminates TLS, the
/// forwarded headers make a request read as https, so HSTS is sent to the browser; redirection stays off there
/// (the edge redirects, and the kubelet's plain-HTTP probes must not be redirected).
/// </summary>
public sealed class HttpsOptions
{
    public const string Section = "Https";

    public bool Redirect { get; set; }

    public bool Hsts { get; set; }

    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);
}
