using AgentPlatform.Api.Infrastructure;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.Sessions;

/// <summary>The per-user cap on runs that are queued, processing or waiting (<c>Sessions:MaxActiveRunsPerUser</c>).</summary>
public sealed class RunLimits(AgentDbContext db, IOptions<SessionDefaults> options)
{
    public async Task EnsureCanStartRunAsync(CancellationToken ct)
    {
        // The owner filter of the context limits this to the caller's runs.
        var active = await db.Runs.CountAsync(
            r => r.Status == SessionStatus.Pending || r.Status == SessionStatus.Processing || r.Status == SessionStatus.WaitingForInput, ct);
        if (active >= options.Value.MaxActiveRunsPerUser)
        {
            throw new TooManyActiveRunsException(active, options.Value.MaxActiveRunsPerUser);
        }
    }
}
