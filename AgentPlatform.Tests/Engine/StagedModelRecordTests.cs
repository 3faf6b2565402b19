using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AgentPlatform.Tests.Engine;

/// <summary>
/// A model call that asks for tools is recorded in the transaction of its first tool call's record and started mark
/// (one commit instead of two), and a run that ends right after such a call still records it.
/// </summary>
[Collection(EngineCollection.Name)]
public sealed class StagedModelRecordTests(EngineFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_model_call_that_asked_for_a_tool_commits_with_the_tool_s_started_mark()
    {
        var script = fixture.Model.Start(null, FakeLlmReply.ToolCall("counter", new { n = 1 }, "call_staged"), FakeLlmReply.Answer("Counted."));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Count once"), taskType = "simple_query" }, _ct);
        await client.WaitForStatusAsync(created.Id(), _ct, "completed");

        var transactions = await CheckpointTransactionsAsync(created.Id());
        Assert.Equal(transactions[(1, RunCheckpoint.ModelResponse)], transactions[(1, "call_staged" + RunCheckpoint.StartedSuffix)]);
        // The answer, with no tool after it, has a transaction of its own.
        Assert.NotEqual(transactions[(1, RunCheckpoint.ModelResponse)], transactions[(2, RunCheckpoint.ModelResponse)]);
        var events = await client.EventsAsync(created.Id(), _ct);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal(2, events.OfType("token.usage").Count);
    }

    [Fact]
    public async Task A_run_that_ends_stuck_right_after_a_model_call_that_asked_for_a_tool_records_that_call_and_its_tokens()
    {
        var script = fixture.Model.Start(_ => FakeLlmReply.ToolCall("counter", new { n = 1 }, usage: new FakeLlmUsage(100, 10)));
        using var client = fixture.Client();

        var created = await client.CreateSessionAsync(new { prompt = script.Prompt("Count again"), taskType = "simple_query", maxSteps = 50 }, _ct);
        var done = await client.WaitForStatusAsync(created.Id(), _ct, "completed", "incomplete", "failed");

        // Three calls ran the tool; the fourth asked for it once more and the run ended stuck before running it.
        Assert.Equal("incomplete", done.Status());
        Assert.Equal(4, script.Requests.Count);
        Assert.Equal(3, fixture.Counter.CallsFor(created.Id()));
        Assert.Equal(4 * 110, done.GetProperty("tokensUsed").GetInt32());
        Assert.Equal(4, (await client.EventsAsync(created.Id(), _ct)).OfType("token.usage").Count);
        Assert.Equal(4, (await CheckpointTransactionsAsync(created.Id())).Keys.Count(k => k.CallId == RunCheckpoint.ModelResponse));
    }

    /// <summary>Each checkpoint of the session's run by (step, call id), and the transaction that wrote it (xmin).</summary>
    private async Task<Dictionary<(int Step, string CallId), string>> CheckpointTransactionsAsync(string sessionId)
    {
        await using var scope = fixture.Worker.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AgentDbContext>();
        var runId = await db.Runs.Where(r => r.SessionId == Guid.Parse(sessionId)).Select(r => r.Id).SingleAsync(_ct);
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(_ct);
        await using var command = new NpgsqlCommand("SELECT step, call_id, xmin::text FROM run_checkpoints WHERE run_id = @run", connection);
        command.Parameters.AddWithValue("run", runId);
        Dictionary<(int, string), string> transactions = [];
        await using var reader = await command.ExecuteReaderAsync(_ct);
        while (await reader.ReadAsync(_ct))
        {
            transactions[(reader.GetInt32(0), reader.GetString(1))] = reader.GetString(2);
        }

        return transactions;
    }
}
