using AgentPlatform.Api.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace AgentPlatform.Tests.Api.Units;

/// <summary>Which exceptions the Api answers 503 (<see cref="DependencyFailures"/>): a dependency unavailable, wrapped or not, and nothing else.</summary>
public sealed class DependencyFailuresTests
{
    private static PostgresException Postgres(string state) => new("message", "ERROR", "ERROR", state);

    public static TheoryData<string, bool> States => new()
    {
        { "08006", true }, // connection failure
        { "53300", true }, // too many connections
        { "57P01", true }, // admin shutdown
        { "57014", false }, // query cancelled (57 but not 57P)
        { "22021", false }, // bad input
        { "23505", false }, // unique violation
        { "40001", false }, // serialization failure
    };

    [Theory]
    [MemberData(nameof(States))]
    public void A_postgres_error_is_unavailable_only_for_connection_resource_and_operator_states(string state, bool unavailable)
    {
        Assert.Equal(unavailable, DependencyFailures.IsUnavailable(Postgres(state)));
        Assert.Equal(unavailable, DependencyFailures.IsUnavailable(new InvalidOperationException("wrapped", new InvalidOperationException("twice", Postgres(state)))));
    }

    [Fact]
    public void Redis_timeouts_hangfire_and_connection_failures_are_unavailable()
    {
        Assert.True(DependencyFailures.IsUnavailable(new RedisConnectionException(ConnectionFailureType.UnableToConnect, "down")));
        Assert.True(DependencyFailures.IsUnavailable(new RedisTimeoutException("slow", CommandStatus.Sent)));
        Assert.True(DependencyFailures.IsUnavailable(new TimeoutException()));
        Assert.True(DependencyFailures.IsUnavailable(new Hangfire.BackgroundJobClientException("enqueue failed", new InvalidOperationException())));
        Assert.True(DependencyFailures.IsUnavailable(new NpgsqlException("connection refused")));
        Assert.True(DependencyFailures.IsUnavailable(new AggregateException(new NpgsqlException("wrapped"))));
    }

    [Fact]
    public void Other_errors_are_not()
    {
        Assert.False(DependencyFailures.IsUnavailable(new InvalidOperationException("a bug")));
        Assert.False(DependencyFailures.IsUnavailable(new ArgumentException("bad", new FormatException())));
        Assert.Equal(TimeSpan.FromSeconds(5), DependencyFailures.RetryAfter);
    }
}
