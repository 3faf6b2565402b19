namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Endpoint metadata: this route takes its token from <c>?access_token=</c> too, because browsers' EventSource and
/// WebSocket clients cannot set headers. Only the stream routes and the hub carry it; everywhere else a token in a
/// URL (which ends up in proxies' and browsers' histories) is ignored.
/// </summary>
public sealed class QueryTokenAllowed
{
    public static readonly QueryTokenAllowed Instance = new();

    private QueryTokenAllowed() { }
}
