using Microsoft.Extensions.Configuration;
using Npgsql;

namespace AgentPlatform.Core.Persistence;

/// <summary>
/// Sizes each process's Npgsql pools so the Api and Workers together stay under PostgreSQL's <c>max_connections</c>
/// (default 100): a process opens at most two pools (EF Core, Hangfire's storage) of <c>Database:MaxPoolSize</c>
/// (default 20) each, and waits at most <c>Database:TimeoutSeconds</c> (default 5) for a connection, so an
/// exhausted pool or a down server is a fast failure (a 503 on the Api) rather than a stalled request.
/// Statements used more than once on a connection are prepared (<c>Database:MaxAutoPrepare</c>, default 64; 0 turns
/// it off), and a connection going back to the pool is not reset: every statement here is one of a few shapes that
/// EF Core and Hangfire send again and again, and no code sets session state, so parsing and planning them each time
/// and the <c>DISCARD ALL</c> of every pooled open were most of PostgreSQL's CPU in the capacity benchmark (a third
/// of it went away with these two). A connection string that sets any of these keeps its own value.
/// </summary>
public static class DatabaseConnections
{
    public const int DefaultMaxPoolSize = 20;
    public const int DefaultTimeoutSeconds = 5;
    public const int DefaultMaxAutoPrepare = 64;

    public static string Tune(string connectionString, IConfiguration configuration)
    {
        // The plain builder holds only the keys the string sets (Npgsql's own reports every keyword as present).
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Maximum Pool Size") && !given.ContainsKey("MaxPoolSize"))
        {
            builder.MaxPoolSize = configuration.GetValue("Database:MaxPoolSize", DefaultMaxPoolSize);
        }

        if (!given.ContainsKey("Timeout"))
        {
            builder.Timeout = configuration.GetValue("Database:TimeoutSeconds", DefaultTimeoutSeconds);
        }

        if (!given.ContainsKey("Max Auto Prepare"))
        {
            builder.MaxAutoPrepare = configuration.GetValue("Database:MaxAutoPrepare", DefaultMaxAutoPrepare);
        }

        if (!given.ContainsKey("No Reset On Close"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
