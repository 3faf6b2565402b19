using Hangfire.Storage;

namespace AgentPlatform.Worker.Jobs;

/// <summary>A job taken from the queue, and the user whose run it is (null when no run names it).</summary>
public sealed record FetchedRun(IFetchedJob Job, string? Owner);
