using System.ComponentModel.DataAnnotations;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The request-line and header limits a service enforces itself (section <c>RequestLimits</c>), so that going over
/// them is a problem-details answer. Kestrel's own limits are set <see cref="KestrelHeadroom"/> times higher: Kestrel
/// answers its limits itself, before any middleware, with an empty body.
/// </summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "RequestLimits";

    /// <summary>How many times the service's limits Kestrel's hard limits are.</summary>
    public const int KestrelHeadroom = 4;

    /// <summary>The request target (path and query, as sent) in bytes; longer is 414. Kestrel's default line limit.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestTargetBytes { get; set; } = 8 * 1024;

    /// <summary>All header lines together in bytes; more is 431. Kestrel's default.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    /// <summary>How many header lines; more is 431. Kestrel's default.</summary>
    [Range(8, 10_000)]
    public int MaxRequestHeaderCount { get; set; } = 100;
}
