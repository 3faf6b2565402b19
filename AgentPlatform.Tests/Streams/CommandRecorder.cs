using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AgentPlatform.Tests.Streams;

/// <summary>Records the SQL of every query an Api's <c>AgentDbContext</c> runs, to count them.</summary>
public sealed class CommandRecorder : DbCommandInterceptor
{
    private readonly List<string> _commands = [];

    /// <summary>The queries run since the last <see cref="Clear"/>.</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_commands)
            {
                return [.. _commands];
            }
        }
    }

    public void Clear()
    {
        lock (_commands)
        {
            _commands.Clear();
        }
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Record(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return ValueTask.FromResult(result);
    }

    private void Record(DbCommand command)
    {
        lock (_commands)
        {
            _commands.Add(command.CommandText);
        }
    }
}
