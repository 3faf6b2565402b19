using AgentPlatform.Core.Jobs;
using AgentPlatform.Worker.Llm;

namespace AgentPlatform.Worker.Agents;

/// <summary>
/// Executes one run: checks its state first (Hangfire delivers at least once), marks it processing, asks the model,
/// records usage and the answer, and completes it. Each state change is saved with its events.
/// </summary>
public sealed class RunAgentJob(AgentDbContext db, IChatClient chat, LlmModel model, TokenCounter tokens, TimeProvider clock, ILogger<RunAgentJob> logger)
    : IRunAgentJob
{
    public async Task ExecuteAsync(Guid runId, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Runs.Any(r => r.Id == runId), cancellationToken);
        if (session is null)
        {
            AgentLog.RunMissing(logger, runId);
            return;
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["SessionId"] = session.Id, ["RunId"] = runId });
        var run = session.GetRun(runId);
        if (run.IsTerminal)
        {
            AgentLog.RunAlreadyFinished(logger, run.Status);
            return;
        }

        if (run.CancelRequestedAt is not null)
        {
            session.StopRun(runId, clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            return;
        }

        if (run.Status == SessionStatus.Pending)
        {
            session.StartRun(runId, model.Name, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }

        AgentLog.RunStarted(logger, model.Name, model.IsSimulated);
        try
        {
            List<ChatMessage> messages =
            [
                new(ChatRole.System, "You are AgentPlatform's agent. Answer the user's request accurately and concisely."),
                new(ChatRole.User, run.Prompt),
            ];
            var response = await chat.GetResponseAsync(messages, new ChatOptions { MaxOutputTokens = 1024 }, cancellationToken);
            var input = (int)(response.Usage?.InputTokenCount ?? tokens.Count(messages));
            var output = (int)(response.Usage?.OutputTokenCount ?? tokens.Count(response.Text));
            var now = clock.GetUtcNow();
            session.AddTokenUsage(runId, input, output, now);
            session.RecordMessage(runId, response.Text, now);
            session.CompleteRun(runId, response.Text, now);
            AgentLog.RunCompleted(logger, input + output);
        }
        catch (HttpRequestException ex)
        {
            AgentLog.LlmUnavailable(logger, ex);
            session.EndRunIncomplete(runId, StopReason.LlmUnavailable, null, clock.GetUtcNow());
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }
}
