using System.Net;
using AgentPlatform.Worker.Agents;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using AgentPlatform.Tests.Engine;

namespace AgentPlatform.Tests.Approvals;

/// <summary>
/// An answer commits and then the Api enqueues the run's job off the request thread. When that enqueue is lost
/// (Hangfire's storage down, or the Api dies first), the run must not stay processing without a job forever: the
/// Worker's sweep enqueues it.
/// </summary>
[Collection(ApprovalsCollection.Name)]
public sealed class LostResumeTests(ApprovalsFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    /// <summary>Hangfire's storage as the Api sees it during an outage: every enqueue fails.</summary>
    private sealed class UnreachableJobStorage : IBackgroundJobClient
    {
        public int Attempts;

        public string Create(Job job, IState state)
        {
            Interlocked.Increment(ref Attempts);
            throw new InvalidOperationException("Hangfire storage unreachable (test)");
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => throw new InvalidOperationException("unreachable");
    }

    [Fact]
    public async Task An_approval_whose_resume_enqueue_is_lost_still_gets_its_run_finished()
    {
        var script = fixture.Model.Start(null, FakeLlmReply.ToolCall("guarded", new { n = 3 }, id: "call_lost"), FakeLlmReply.Answer("All done."));
        var user = ApiFixture.NewUser("lostresume");
        var client = fixture.Client(user);
        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Do the guarded thing"), taskType = "simple_query" }, _ct);
        var id = created.Id();
        await client.WaitingAsync(id, _ct);

        var jobs = new UnreachableJobStorage();
        await using var brokenApi = fixture.Api.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IBackgroundJobClient>(jobs)));
        using var brokenClient = brokenApi.CreateClient();
        brokenClient.DefaultRequestHeaders.Authorization = client.DefaultRequestHeaders.Authorization;
        var approved = await brokenClient.DecideAsync(id, "call_lost", new { decision = "approve" }, _ct);
        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref jobs.Attempts)), n => n > 0, TimeSpan.FromSeconds(10), _ct);
        Assert.Equal("processing", (await client.GetSessionAsync(id, _ct)).Status());

        // The Worker's sweep (normally every 30 s, after a 15 s grace) finds the run that awaits a job.
        var sweeper = fixture.Worker.Services.GetServices<IHostedService>().OfType<PendingRunSweeper>().Single();
        var recovered = await sweeper.SweepAsync(_ct, TimeSpan.Zero);
        Assert.True(recovered >= 1, "the sweep enqueued nothing");
        var done = await client.EndedAsync(id, _ct);

        Assert.Equal("completed", done.Status());
        Assert.Equal(1, fixture.Guarded.CallsFor(id));
        // A second sweep finds nothing: the job that ran cleared the mark, so no run is enqueued twice.
        Assert.Equal(0, await sweeper.SweepAsync(_ct, TimeSpan.Zero));
    }
}
