using System.Security.Cryptography;
using System.Text;
using AgentPlatform.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.Sessions;

/// <summary>
/// The per-user cap on runs that are queued, processing or waiting (<c>Sessions:MaxActiveRunsPerUser</c>). The count
/// and the write that adds a run happen in one transaction holding a PostgreSQL advisory lock for the user, so
/// concurrent creates, follow-ups and enqueues of one user are counted one after the other and the cap holds exactly.
/// </summary>
public sealed class RunLimits(AgentDbContext db, ISessionOwner owner, UserRunGate gate, IOptions<SessionDefaults> options)
{
    /// <summary>Runs <paramref name="addRun"/> (which saves a new run) only while the caller is under the cap.</summary>
    public async Task<T> WithinCapAsync<T>(Func<Task<T>> addRun, CancellationToken ct)
    {
        var ownerId = owner.OwnerId ?? throw new InvalidOperationException("A run needs an owner.");
        var lockKey = LockKey(ownerId);
        using var turn = await gate.EnterAsync(ownerId, ct);
        // A user-initiated transaction must run inside the execution strategy (which may retry it as a whole).
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({lockKey})", ct);
            await EnsureCanStartRunAsync(ct);
            var result = await addRun();
            await transaction.CommitAsync(ct);
            return result;
        });
    }

    private async Task EnsureCanStartRunAsync(CancellationToken ct)
    {
        // The owner filter of the context limits this to the caller's runs.
        var active = await db.Runs.CountAsync(
            r => r.Status == SessionStatus.Pending || r.Status == SessionStatus.Processing || r.Status == SessionStatus.WaitingForInput, ct);
        if (active >= options.Value.MaxActiveRunsPerUser)
        {
            throw new TooManyActiveRunsException(active, options.Value.MaxActiveRunsPerUser);
        }
    }

    /// <summary>One advisory-lock key per user (64 bits of a SHA-256 of the owner id; a collision only serializes two users).</summary>
    private static long LockKey(string ownerId) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("run-cap:" + ownerId)), 0);
}
