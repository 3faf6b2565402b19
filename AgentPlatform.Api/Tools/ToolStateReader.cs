using System.Text.Json;
using AgentPlatform.Core.Tools;
using StackExchange.Redis;

namespace AgentPlatform.Api.Tools;

/// <summary>
/// The tools as the live Workers publish them: each Worker listed in <see cref="ToolRedisKeys.Workers"/> has its own
/// hash, which expires when the Worker stops renewing it (an expired one reads empty), merged by <see cref="ToolStateMerge"/>.
/// </summary>
public static class ToolStateReader
{
    public static async Task<IReadOnlyList<ToolState>> ReadAsync(IConnectionMultiplexer redis)
    {
        var db = redis.GetDatabase();
        var workers = await db.SortedSetRangeByRankAsync(ToolRedisKeys.Workers);
        var hashes = await Task.WhenAll(workers.Select(w => db.HashGetAllAsync(ToolRedisKeys.States(w.ToString()))));
        return ToolStateMerge.Merge(hashes
            .SelectMany(entries => entries)
            .Select(e => JsonSerializer.Deserialize<ToolState>(e.Value.ToString(), JsonDefaults.Options)!));
    }
}
