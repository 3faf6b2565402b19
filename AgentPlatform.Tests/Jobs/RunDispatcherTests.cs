using AgentPlatform.Core.Jobs;
using AgentPlatform.Core.Persistence;
using AgentPlatform.Tests.Persistence;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Tests.Jobs;

/// <summary>Which runs get a job: a pending run without one, and a run an answer sent back to processing, each once.</summary>
public sealed class RunDispatcherTests(LocalInfrastructure infrastructure) : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 8, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly RecordingJobs _jobs = new();
    private readonly StorageCalls _storage = new();

    public void Dispose() => _storage.Dispose();

    [Fact]
    public async Task A_pending_run_without_a_job_is_enqueued_once_and_its_job_recorded()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = await MigratedDatabase.GetAsync(infrastructure, "core_persistence");
        var session = await SeedAsync(options, _ => { }, ct);
        var dispatcher = new RunDispatcher(_jobs, _storage);
        await using var db = new AgentDbContext(options);

        var first = await dispatcher.DispatchAsync(db, session.Id, ct);
        var second = await dispatcher.DispatchAsync(db, session.Id, ct);

        Assert.Equal(session.Runs[0].Id, first);
        Assert.Null(second);
        var job = Assert.Single(_jobs.Created);
        Assert.Equal((typeof(IRunAgentJob), nameof(IRunAgentJob.ExecuteAsync), (object?)session.Runs[0].Id), (job.Type, job.Method.Name, job.Args[0]));
        Assert.Equal("job-1", (await RunAsync(options, session.Runs[0].Id, ct)).JobId);
    }

    [Fact]
    public async Task No_job_for_an_unknown_session_or_one_whose_current_run_is_not_pending()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = await MigratedDatabase.GetAsync(infrastructure, "core_persistence");
        var processing = await SeedAsync(options, s => s.StartRun(s.Runs[0].Id, "m", Now), ct);
        var dispatcher = new RunDispatcher(_jobs, _storage);
        await using var db = new AgentDbContext(options);

        Assert.Null(await dispatcher.DispatchAsync(db, Guid.NewGuid(), ct));
        Assert.Null(await dispatcher.DispatchAsync(db, processing.Id, ct));
        Assert.Empty(_jobs.Created);
    }

    [Fact]
    public async Task A_run_an_answer_sent_back_to_processing_is_resumed_once_and_its_mark_cleared()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = await MigratedDatabase.GetAsync(infrastructure, "core_persistence");
        var session = await SeedAsync(options, s =>
        {
            s.Runs[0].AssignJob("first-job");
            s.StartRun(s.Runs[0].Id, "m", Now);
            s.RequestInput(s.Runs[0].Id, "q", Now);
            s.AnswerInput("a", Now);
        }, ct);
        var runId = session.Runs[0].Id;
        var dispatcher = new RunDispatcher(_jobs, _storage);
        await using var db = new AgentDbContext(options);

        Assert.True(await dispatcher.ResumeAsync(db, runId, ct));
        Assert.False(await dispatcher.ResumeAsync(db, runId, ct));

        Assert.Equal(runId, Assert.Single(_jobs.Created).Args[0]);
        var run = await RunAsync(options, runId, ct);
        Assert.Equal(("job-1", (DateTimeOffset?)null), (run.JobId, run.NeedsJobSince));
    }

    [Fact]
    public async Task No_resume_for_an_unknown_run_or_one_that_does_not_await_a_job()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = await MigratedDatabase.GetAsync(infrastructure, "core_persistence");
        var pending = await SeedAsync(options, _ => { }, ct);
        var processing = await SeedAsync(options, s => s.StartRun(s.Runs[0].Id, "m", Now), ct);
        var dispatcher = new RunDispatcher(_jobs, _storage);
        await using var db = new AgentDbContext(options);

        Assert.False(await dispatcher.ResumeAsync(db, Guid.NewGuid(), ct));
        Assert.False(await dispatcher.ResumeAsync(db, pending.Runs[0].Id, ct));
        Assert.False(await dispatcher.ResumeAsync(db, processing.Runs[0].Id, ct));
        Assert.Empty(_jobs.Created);
    }

    private static async Task<Session> SeedAsync(DbContextOptions<AgentDbContext> options, Action<Session> prepare, CancellationToken ct)
    {
        await using var db = new AgentDbContext(options);
        var session = Session.Create("dispatch-" + Guid.NewGuid().ToString("N")[..8], "p", TaskType.General, 4000, 10, "m", Now);
        prepare(session);
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    private static async Task<Run> RunAsync(DbContextOptions<AgentDbContext> options, Guid runId, CancellationToken ct)
    {
        await using var db = new AgentDbContext(options);
        return await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId, ct);
    }

    /// <summary>Hangfire's client without storage: keeps the jobs created and numbers them.</summary>
    private sealed class RecordingJobs : IBackgroundJobClient
    {
        private readonly List<Job> _created = [];

        public IReadOnlyList<Job> Created
        {
            get
            {
                lock (_created)
                {
                    return [.. _created];
                }
            }
        }

        public string Create(Job job, IState state)
        {
            lock (_created)
            {
                _created.Add(job);
                return $"job-{_created.Count}";
            }
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => throw new NotSupportedException();
    }
}
