using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace AgentPlatform.Tests.Streams;

/// <summary>Plays PostgreSQL being down for one Api: while <see cref="Down"/>, every query fails as a lost connection would.</summary>
public sealed class DatabaseOutage : DbCommandInterceptor
{
    private volatile bool _down;

    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        _down ? throw Failure() : result;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        _down ? ValueTask.FromException<InterceptionResult<DbDataReader>>(Failure()) : ValueTask.FromResult(result);

    private static NpgsqlException Failure() => new("PostgreSQL is down (test)");
}
