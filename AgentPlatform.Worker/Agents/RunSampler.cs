using System.Runtime.CompilerServices;
using AgentPlatform.Worker.Tools;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Agents;

/// <summary>
/// The run's model as a tool's MCP server may use it (sampling): each call goes to the run's model (the server's model
/// preferences are not followed), with its output cap cut to what the session's budget can still pay after the prompt
/// and its margin, and is refused (<see cref="SamplingRefusedException"/>) when that is less than
/// <c>Agents:Engine:MinOutputTokens</c>. Its usage is recorded on the session as <c>token.usage</c> with purpose
/// <c>sampling</c> as soon as the call returns. Not checkpointed: it happens inside a tool call, which a job delivered
/// again never repeats (the call is reported as cut off). Never disposed: that would dispose the Worker's chat client.
/// </summary>
public sealed class RunSampler(IChatClient chat, RunContext run, TokenCounter tokens, EngineOptions options, TimeProvider clock)
    : DelegatingChatClient(chat)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        List<ChatResponseUpdate> updates = [];
        await foreach (var update in GetStreamingResponseAsync(messages, chatOptions, cancellationToken))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse();
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? chatOptions = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // One at a time: each call's cap is what the budget has left after the calls before it.
        await _one.WaitAsync(cancellationToken);
        try
        {
            var list = messages.ToList();
            var prompt = tokens.Count(list);
            var reserve = prompt + (int)Math.Ceiling(prompt * options.PromptMargin);
            var remaining = run.Session.TokenBudget - run.Session.TokensUsed;
            var cap = Math.Min(Math.Min(chatOptions?.MaxOutputTokens ?? options.MaxOutputTokens, options.MaxOutputTokens), remaining - reserve);
            if (cap < options.MinOutputTokens)
            {
                throw new SamplingRefusedException(
                    $"The session's token budget cannot pay for this sampling request: it needs about {reserve + options.MinOutputTokens} tokens, {remaining} remain.");
            }

            var callOptions = chatOptions?.Clone() ?? new ChatOptions();
            callOptions.ModelId = run.Profile.Model;
            callOptions.MaxOutputTokens = cap;
            List<ChatResponseUpdate> updates = [];
            await foreach (var update in base.GetStreamingResponseAsync(list, callOptions, cancellationToken))
            {
                updates.Add(update);
                yield return update;
            }

            var response = RecordedResponse.From(updates.ToChatResponse(), prompt, tokens);
            var now = clock.GetUtcNow();
            await run.SaveAsync(s => s.AddTokenUsage(
                run.RunId, response.InputTokens, response.OutputTokens, response.CachedTokens, response.Estimated, now, TokenPurpose.Sampling));
        }
        finally
        {
            _one.Release();
        }
    }
}
