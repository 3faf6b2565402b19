using AgentPlatform.Core.Persistence;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace AgentPlatform.Tests.Persistence;

public sealed class DatabaseConnectionsTests
{
    private const string Given = "Host=db;Database=agentdb;Username=app";

    private static NpgsqlConnectionStringBuilder Tune(string connectionString, Dictionary<string, string?>? settings = null) =>
        new(DatabaseConnections.Tune(connectionString, new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build()));

    [Fact]
    public void A_plain_connection_string_gets_the_pool_size_timeout_prepared_statements_and_no_reset()
    {
        var tuned = Tune(Given);

        Assert.Equal(DatabaseConnections.DefaultMaxPoolSize, tuned.MaxPoolSize);
        Assert.Equal(DatabaseConnections.DefaultTimeoutSeconds, tuned.Timeout);
        Assert.Equal(DatabaseConnections.DefaultMaxAutoPrepare, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("db", tuned.Host);
    }

    [Fact]
    public void Configuration_sets_the_defaults_and_the_connection_string_s_own_values_win()
    {
        var configured = Tune(Given, new() { ["Database:MaxPoolSize"] = "7", ["Database:TimeoutSeconds"] = "9", ["Database:MaxAutoPrepare"] = "0" });
        Assert.Equal((7, 9, 0), (configured.MaxPoolSize, configured.Timeout, configured.MaxAutoPrepare));

        var own = Tune($"{Given};Maximum Pool Size=3;Timeout=2;Max Auto Prepare=5;No Reset On Close=false",
            new() { ["Database:MaxPoolSize"] = "7", ["Database:MaxAutoPrepare"] = "11" });
        Assert.Equal((3, 2, 5, false), (own.MaxPoolSize, own.Timeout, own.MaxAutoPrepare, own.NoResetOnClose));
    }
}
