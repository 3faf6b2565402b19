using System.Text.Json;
using AgentPlatform.Core.Tools;
using StackExchange.Redis;

namespace AgentPlatform.Worker.Tools.Circuits;

/// <summary>One Worker process's tool states in Redis: its own hash with a time to live, listed in <see cref="ToolRedisKeys.Workers"/>.</summary>
internal sealed class ToolStateWriter(IConnectionMultiplexer redis, string instanceId, TimeSpan timeToLive, TimeProvider clock)
{
    private readonly string _key = ToolRedisKeys.States(instanceId);

    public string InstanceId => instanceId;

    /// <summary>
    /// Writes the whole hash and its expiry in one transaction (a hash without an expiry would outlive this Worker), then
    /// lists this Worker. The hash is replaced, not merged: a tool an MCP server no longer lists disappears from it.
    /// </summary>
    public async Task WriteAsync(IReadOnlyList<ToolState> states)
    {
        var entries = states.Select(s => new HashEntry(s.Name, JsonSerializer.Serialize(s, JsonDefaults.Options))).ToArray();
        var db = redis.GetDatabase();
        var write = db.CreateTransaction();
        var delete = write.KeyDeleteAsync(_key);
        var set = write.HashSetAsync(_key, entries);
        var expire = write.KeyExpireAsync(_key, timeToLive);
        await Task.WhenAll(write.ExecuteAsync(), delete, set, expire);
        await ListAsync(db);
    }

    /// <summary>
    /// The heartbeat: renews the expiry without rewriting the states (their updatedAt stays that of the last change).
    /// False when Redis no longer has them (they expired during an outage, or Redis restarted): write them again.
    /// </summary>
    public async Task<bool> RenewAsync()
    {
        var db = redis.GetDatabase();
        if (!await db.KeyExpireAsync(_key, timeToLive))
        {
            return false;
        }

        await ListAsync(db);
        return true;
    }

    /// <summary>Removes this Worker's states and its entry (a clean stop).</summary>
    public async Task RemoveAsync()
    {
        var db = redis.GetDatabase();
        await Task.WhenAll(db.KeyDeleteAsync(_key), db.SortedSetRemoveAsync(ToolRedisKeys.Workers, instanceId));
    }

    /// <summary>
    /// Lists this Worker until its states expire, and prunes the entries of Workers long dead (past their expiry by more
    /// than a time to live, which leaves room for clock skew between machines).
    /// </summary>
    private async Task ListAsync(IDatabase db)
    {
        var now = clock.GetUtcNow();
        await Task.WhenAll(
            db.SortedSetAddAsync(ToolRedisKeys.Workers, instanceId, (now + timeToLive).ToUnixTimeMilliseconds()),
            db.SortedSetRemoveRangeByScoreAsync(ToolRedisKeys.Workers, double.NegativeInfinity, (now - timeToLive).ToUnixTimeMilliseconds()));
    }
}
