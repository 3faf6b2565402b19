using Npgsql;
using StackExchange.Redis;

namespace AgentPlatform.Api.Infrastructure;

/// <summary>
/// Exceptions that mean a dependency (PostgreSQL, Redis, Hangfire's storage) is unavailable right now rather than
/// that the request is wrong: the Api answers them 503 with Retry-After. Looked for along the inner exceptions,
/// since EF Core and Hangfire wrap them.
/// </summary>
internal static class DependencyFailures
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is RedisException or TimeoutException or Hangfire.BackgroundJobClientException
                || e is PostgresException { SqlState: var state } && IsUnavailableState(state)
                || e is NpgsqlException and not PostgresException)
            {
                return true;
            }
        }

        return false;
    }

    // 08: connection exception; 53: insufficient resources (53300 too many connections); 57P: operator intervention
    // (shutdown, cannot connect now).
    private static bool IsUnavailableState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal) || state.StartsWith("53", StringComparison.Ordinal) || state.StartsWith("57P", StringComparison.Ordinal);
}
