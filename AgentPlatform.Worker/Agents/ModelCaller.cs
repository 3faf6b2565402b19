using AgentPlatform.Core.Agents;
using AgentPlatform.Worker.Agents.Planning;
using AgentPlatform.Worker.Memory;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Agents;

/// <summary>
/// Makes one model call of a run: replays it from its checkpoint when there is one; otherwise reserves the prompt and
/// the output cap against the session's remaining budget, calls the model, and records the response and its token
/// usage (the provider's, else the tokenizer's) in one transaction (a response that asks for tools: the transaction of
/// the first tool call's record, <see cref="RunContext.Stage"/>). A provider that stays unavailable is tried once
/// more on <c>Agents:FallbackModel</c> when one is configured. The call streams: each text delta goes out live as an
/// ephemeral <c>agent.message_delta</c> (the whole text is in the durable events that follow). Memory compaction
/// (<see cref="IConversationCompactor"/>) runs before a call whose prompt passes the threshold or does not fit the
/// budget, and after a context-length error, whose call is then retried once; a job delivered again re-applies the
/// compactions recorded before a call (<see cref="IConversationCompactor.Reapply"/>) instead of compacting anew.
/// </summary>
public sealed class ModelCaller(
    IChatClient chat, TokenCounter tokens, IConversationCompactor compactor, IOptions<EngineOptions> options,
    IOptions<AgentProfiles> profiles, Core.Events.IEventPublisher events, StructuredOutputSupport structuredOutput, TimeProvider clock,
    ILogger<ModelCaller> logger)
{
    private readonly EngineOptions _options = options.Value;
    private readonly string? _fallbackModel = profiles.Value.FallbackModel;

    public Task<RecordedResponse> CallAsync(
        RunContext run, List<ChatMessage> messages, IReadOnlyList<AITool> tools, string? note,
        Action<Session, RecordedResponse>? alsoRecord, CancellationToken ct) =>
        CallAsync(run, messages, tools, note, null, alsoRecord, ct);

    /// <param name="format">
    /// The structured output to ask for; a provider that refuses it (400 about response_format) is asked once more
    /// without it, and never again (<see cref="StructuredOutputSupport"/>): the caller reads either kind of answer.
    /// </param>
    public async Task<RecordedResponse> CallAsync(
        RunContext run, List<ChatMessage> messages, IReadOnlyList<AITool> tools, string? note, ChatResponseFormat? format,
        Action<Session, RecordedResponse>? alsoRecord, CancellationToken ct)
    {
        var step = ++run.ModelCalls;
        // A job delivered again: the compactions an earlier delivery made before this call, re-applied as they were.
        var reapplied = compactor.Reapply(run, messages);
        if (run.Recorded(step, RunCheckpoint.ModelResponse) is { } recorded)
        {
            return RecordedResponse.FromJson(recorded.Payload);
        }

        // Nothing staged may wait past another model call (or a compaction's summary call).
        await run.FlushAsync();
        var modelId = run.Profile.Model;
        if (format is not null && structuredOutput.IsRefused(chat, modelId))
        {
            format = null;
        }
        // At most one proactive compaction per call, and one reactive after a context-length error (whose call is retried once).
        var compacted = reapplied.Count > 0;
        var retriedContextLength = reapplied.ContainsKey(CompactionTriggers.ContextLength);
        var shortenedForContext = reapplied.GetValueOrDefault(CompactionTriggers.ContextLength);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var callMessages = WithNote(messages, note);
            var prompt = tokens.Count(callMessages) + tokens.Count(tools);
            var reserve = prompt + (int)Math.Ceiling(prompt * _options.PromptMargin);
            var remaining = run.Session.TokenBudget - run.Session.TokensUsed;
            var cap = Math.Min(_options.MaxOutputTokens, remaining - reserve);
            if (!compacted && (cap < _options.MinOutputTokens || compactor.ShouldCompact(run, prompt)))
            {
                compacted = true;
                if (await compactor.TryCompactAsync(run, messages, CompactionTriggers.Proactive, prompt, ct))
                {
                    continue;
                }

                // The summarizer may have spent some of the budget even when nothing could be shortened.
                remaining = run.Session.TokenBudget - run.Session.TokensUsed;
                cap = Math.Min(_options.MaxOutputTokens, remaining - reserve);
            }

            if (cap < _options.MinOutputTokens)
            {
                throw new RunEndedException(new RunOutcome.Incomplete(StopReason.BudgetExceeded, run.LastText,
                    $"The next model call needs about {reserve + _options.MinOutputTokens} tokens, but only {remaining} of the " +
                    $"budget of {run.Session.TokenBudget} remain."));
            }

            ChatResponse response;
            try
            {
                response = await StreamAsync(run, step, callMessages, new ChatOptions
                {
                    MaxOutputTokens = cap,
                    ModelId = modelId,
                    Tools = tools.Count > 0 ? [.. tools] : null,
                    ResponseFormat = format,
                }, ct);
            }
            catch (Exception ex) when (format is not null && LlmFailures.IsResponseFormatRefused(ex))
            {
                AgentLog.StructuredOutputRefused(logger, modelId, ex.Message);
                structuredOutput.MarkRefused(chat, modelId);
                format = null;
                continue;
            }
            catch (Exception ex) when (LlmFailures.IsUnavailable(ex, ct))
            {
                AgentLog.LlmUnavailable(logger, ex);
                if (_fallbackModel is { Length: > 0 } fallback && modelId != fallback)
                {
                    // Agents:FallbackModel: the same call once more on another model of the provider.
                    AgentLog.FallingBack(logger, fallback);
                    modelId = fallback;
                    continue;
                }

                throw new RunEndedException(new RunOutcome.Incomplete(StopReason.LlmUnavailable, run.LastText,
                    $"The model provider is unavailable: {ex.Message}"));
            }
            catch (Exception ex) when (LlmFailures.IsContextLength(ex))
            {
                if (!retriedContextLength)
                {
                    retriedContextLength = true;
                    compacted = true;
                    if (await compactor.TryCompactAsync(run, messages, CompactionTriggers.ContextLength, prompt, ct))
                    {
                        shortenedForContext = true;
                        continue;
                    }
                }

                throw new RunEndedException(new RunOutcome.Failed(shortenedForContext
                    ? $"The conversation does not fit the model's context window, even after compacting it: {ex.Message}"
                    : $"The conversation no longer fits the model's context window, and memory compaction could not shorten it: {ex.Message}"));
            }
            catch (Exception ex) when (LlmFailures.IsRejected(ex))
            {
                throw new RunEndedException(new RunOutcome.Failed($"The model provider refused the call: {ex.Message}"));
            }

            var result = RecordedResponse.From(response, prompt, tokens);
            var now = clock.GetUtcNow();
            var checkpoint = RunCheckpoint.ForModel(run.RunId, step, result.ToJson(), now);
            void Record(Session s)
            {
                run.Db.RunCheckpoints.Add(checkpoint);
                s.AddTokenUsage(run.RunId, result.InputTokens, result.OutputTokens, result.CachedTokens, result.Estimated, now);
                alsoRecord?.Invoke(s, result);
            }

            if (result.Calls.Count > 0 && tools.Count > 0)
            {
                // Saved with the first tool call's record and started mark, before the tool runs (ToolRunner saves first).
                run.Stage(Record);
            }
            else
            {
                await run.SaveAsync(Record);
            }

            run.Remember(checkpoint);
            return result;
        }
    }

    private async Task<ChatResponse> StreamAsync(RunContext run, int step, List<ChatMessage> messages, ChatOptions options, CancellationToken ct)
    {
        List<ChatResponseUpdate> updates = [];
        await foreach (var update in chat.GetStreamingResponseAsync(messages, options, ct))
        {
            updates.Add(update);
            if (!string.IsNullOrEmpty(update.Text))
            {
                await events.PublishEphemeralAsync(run.Session.Id, run.RunId, new AgentMessageDeltaData(step, update.Text));
            }
        }

        return updates.ToChatResponse();
    }

    /// <summary>The messages for this call: the note (tools withheld now) goes into the system prompt, for this call only.</summary>
    private static List<ChatMessage> WithNote(List<ChatMessage> messages, string? note) =>
        note is null || messages.Count == 0 || messages[0].Role != ChatRole.System
            ? messages
            : [new ChatMessage(ChatRole.System, $"{messages[0].Text}\n\n{note}"), .. messages.Skip(1)];
}
