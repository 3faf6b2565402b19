namespace AgentPlatform.Api.Infrastructure;

/// <summary>
/// The caller of the current request (the JWT's <c>sub</c>) as the owner every query is filtered by. Outside an
/// authenticated request (health checks) it is the empty owner, which matches no session: isolation fails closed.
/// </summary>
internal sealed class HttpSessionOwner(IHttpContextAccessor accessor) : ISessionOwner
{
    public string? OwnerId => accessor.HttpContext?.User.FindFirst("sub")?.Value ?? "";
}
