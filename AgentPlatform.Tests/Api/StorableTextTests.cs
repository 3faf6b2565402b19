using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Tests.Api;

/// <summary>
/// Text from outside (tool results, model output) can hold what PostgreSQL cannot store: a NUL, or a lone UTF-16
/// surrogate. It is stored with U+FFFD in their place instead of failing the save (issue #12, finding 2).
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class StorableTextTests(ApiFixture fixture)
{
    [Fact]
    public async Task A_tool_result_and_a_model_answer_with_NUL_and_lone_surrogates_are_stored_with_replacement_characters()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new DbContextOptionsBuilder<AgentDbContext>()
            .UseNpgsql(fixture.Infrastructure.Database("api_tests")).UseSnakeCaseNamingConvention().Options;
        var now = DateTimeOffset.UtcNow;
        var session = Session.Create(ApiFixture.NewUser(), "prompt", TaskType.SimpleQuery, 4000, 5, "m", now);
        var runId = session.ActiveRun!.Id;
        session.StartRun(runId, "m", now);
        session.RecordToolResult(runId, 1, "call_1", "file_editor", "bin\0ary \ud800 half", false, now);
        session.CompleteRun(runId, "answer\0with nul and \udc00", now);

        await using (var db = new AgentDbContext(options))
        {
            db.Sessions.Add(session);
            await db.SaveChangesAsync(ct);
        }

        await using var read = new AgentDbContext(options);
        var run = await read.Runs.SingleAsync(r => r.Id == runId, ct);
        Assert.Equal("answer\ufffdwith nul and \ufffd", run.Result);
        var toolResult = await read.Events.SingleAsync(e => e.SessionId == session.Id && e.Type == EventTypes.ToolResult, ct);
        var result = System.Text.Json.JsonDocument.Parse(toolResult.DataJson).RootElement.GetProperty("result").GetString();
        Assert.Equal("bin\ufffdary \ufffd half", result);
    }
}
