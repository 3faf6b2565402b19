using AgentPlatform.Core.Webhooks;
using AgentPlatform.Worker.Webhooks;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Tests.Webhooks;

/// <summary>
/// The sweep that enqueues deliveries saved without a job, against a real PostgreSQL and a recording job client: old
/// ones are enqueued once, young ones are left to the Worker that saved them, a failed sweep is retried.
/// </summary>
public sealed class WebhookSweeperTests(LocalInfrastructure infrastructure)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly CapturingLoggerProvider _logs = new();

    [Fact]
    public async Task A_delivery_older_than_an_interval_is_enqueued_once_and_a_young_one_is_left()
    {
        var (database, old, young) = await SeedAsync();
        var jobs = new RecordingJobClient(failures: 0);
        using var sweeper = Sweeper(database, jobs);

        await sweeper.StartAsync(_ct);
        var enqueued = await Poll.UntilAsync(() => JobIdAsync(database, old), id => id is not null, TimeSpan.FromSeconds(30), _ct);
        await Poll.UntilAsync(() => Task.FromResult(_logs.Lines.Count), _ => _logs.Lines.Any(l => l.Contains("Enqueued 1 webhook deliveries that had no job")), TimeSpan.FromSeconds(30), _ct);
        await sweeper.StopAsync(_ct);

        var job = Assert.Single(jobs.Created);
        Assert.Equal(enqueued, job.Id);
        Assert.Equal(typeof(DeliverWebhookJob), job.Job.Type);
        Assert.Equal(new object[] { old.SessionId, old.Seq }, job.Job.Args.Take(2));
        Assert.Null(await JobIdAsync(database, young));
    }

    [Fact]
    public async Task A_sweep_that_fails_is_logged_and_the_next_one_enqueues()
    {
        var (database, old, _) = await SeedAsync();
        var jobs = new RecordingJobClient(failures: 1);
        using var sweeper = Sweeper(database, jobs);

        await sweeper.StartAsync(_ct);
        await Poll.UntilAsync(() => JobIdAsync(database, old), id => id is not null, TimeSpan.FromSeconds(30), _ct);
        await sweeper.StopAsync(_ct);

        Assert.Contains(_logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("The webhook sweep failed"));
        Assert.Single(jobs.Created);
    }

    private async Task<(ScratchDatabase Database, WebhookDelivery Old, WebhookDelivery Young)> SeedAsync()
    {
        var database = new ScratchDatabase(infrastructure, "hooksweep");
        await database.MigrateAsync(_ct);
        var session = await database.SeedSessionAsync(ended: true, DateTimeOffset.UtcNow.AddHours(-1), _ct);
        var old = new WebhookDelivery(session.Id, 1, DateTimeOffset.UtcNow.AddHours(-1));
        var young = new WebhookDelivery(session.Id, 2, DateTimeOffset.UtcNow.AddHours(1));
        await using var db = database.Context();
        db.WebhookDeliveries.AddRange(old, young);
        await db.SaveChangesAsync(_ct);
        return (database, old, young);
    }

    private async Task<string?> JobIdAsync(ScratchDatabase database, WebhookDelivery delivery)
    {
        await using var db = database.Context();
        return await db.WebhookDeliveries.Where(d => d.SessionId == delivery.SessionId && d.Seq == delivery.Seq).Select(d => d.JobId).SingleAsync(_ct);
    }

    private WebhookSweeper Sweeper(ScratchDatabase database, RecordingJobClient jobs)
    {
        var services = database.AddTo(new ServiceCollection())
            .AddLogging(b => b.AddProvider(_logs))
            .AddSingleton<IBackgroundJobClient>(jobs)
            .AddScoped<WebhookDispatcher>()
            .BuildServiceProvider();
        return new WebhookSweeper(
            services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new WebhookOptions { SweepInterval = TimeSpan.FromMilliseconds(100) }),
            TimeProvider.System,
            services.GetRequiredService<ILogger<WebhookSweeper>>());
    }

    /// <summary>Records what is enqueued; the first <paramref name="failures"/> enqueues fail as a storage outage would.</summary>
    private sealed class RecordingJobClient(int failures) : IBackgroundJobClient
    {
        private int _calls;

        public List<(string Id, Job Job)> Created { get; } = [];

        public string Create(Job job, IState state)
        {
            if (Interlocked.Increment(ref _calls) <= failures)
            {
                throw new InvalidOperationException("job storage unavailable");
            }

            var id = "job-" + _calls;
            lock (Created)
            {
                Created.Add((id, job));
            }

            return id;
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => throw new NotSupportedException();
    }
}
