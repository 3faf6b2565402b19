using System.ComponentModel.DataAnnotations;

namespace AgentPlatform.Worker.Jobs;

/// <summary>How many runs one Worker process executes at once, and how they are shared, from <c>Worker</c>.</summary>
public sealed class RunHostOptions
{
    public const string Section = "Worker";

    /// <summary>
    /// Runs this Worker executes at once. A run waiting on a model or a tool holds no thread and no database
    /// connection, so this is sized by memory and by what the model provider allows, not by cores.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxConcurrentRuns { get; set; } = 500;

    /// <summary>
    /// The share of <see cref="MaxConcurrentRuns"/> one user may hold on this Worker (at least one run): a user who
    /// queues hundreds of runs leaves the rest to everyone else. Within one user, runs start first in, first out.
    /// </summary>
    [Range(0.0001, 1.0)]
    public double UserShare { get; set; } = 0.25;

    /// <summary>
    /// On a graceful stop, how long running runs may go on before they are cancelled and handed back to the queue
    /// (each resumes elsewhere from its checkpoints).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a job this Worker fetched stays invisible to other Workers without a heartbeat from it: a killed
    /// Worker's runs are taken up by another one after this. The run host renews it every fifth of it (<see cref="QueueRows"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = AgentPlatform.Core.Jobs.HangfireStorageExtensions.DefaultInvisibilityTimeout;

    /// <summary>How often Hangfire's scheduler moves due scheduled jobs (retries) to the queue.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SchedulerPollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The runs of one user this Worker may hold at once.</summary>
    public int PerUserLimit => Math.Max(1, (int)Math.Floor(MaxConcurrentRuns * UserShare));
}
