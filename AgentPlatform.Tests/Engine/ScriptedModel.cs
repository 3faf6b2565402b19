using System.Collections.Concurrent;

namespace AgentPlatform.Tests.Engine;

/// <summary>
/// Routes the fake LLM server's requests to per-test scripts: each test puts a marker of its own in its prompt and
/// registers what the model answers to requests that carry that marker, so tests sharing one server never see each
/// other's replies.
/// </summary>
public sealed class ScriptedModel
{
    private readonly ConcurrentDictionary<string, Script> _scripts = new();

    public ScriptedModel(FakeLlmServer server) =>
        server.Fallback = request =>
        {
            var body = request.Body.ToJsonString();
            var script = _scripts.Values.FirstOrDefault(s => body.Contains(s.Marker, StringComparison.Ordinal));
            return script is null ? FakeLlmReply.Answer(FakeLlmServer.DefaultAnswer) : script.Next(request);
        };

    /// <summary>A fresh marker and its script: queued replies first, then <paramref name="then"/> for every later request.</summary>
    public Script Start(Func<FakeLlmRequest, FakeLlmReply>? then = null, params FakeLlmReply[] replies)
    {
        var script = new Script($"m{Guid.NewGuid():N}", replies, then ?? (_ => FakeLlmReply.Answer("(the script has nothing more to say)")));
        _scripts[script.Marker] = script;
        return script;
    }

    public sealed class Script(string marker, IEnumerable<FakeLlmReply> replies, Func<FakeLlmRequest, FakeLlmReply> then)
    {
        private readonly ConcurrentQueue<Func<FakeLlmRequest, FakeLlmReply>> _queue = new(replies.Select(r => (Func<FakeLlmRequest, FakeLlmReply>)(_ => r)));
        private readonly ConcurrentQueue<FakeLlmRequest> _requests = new();

        public string Marker { get; } = marker;

        public IReadOnlyList<FakeLlmRequest> Requests => [.. _requests];

        /// <summary>A prompt that carries the marker.</summary>
        public string Prompt(string text) => $"{text} (ref {Marker})";

        public Script Then(Func<FakeLlmRequest, FakeLlmReply> reply)
        {
            _queue.Enqueue(reply);
            return this;
        }

        internal FakeLlmReply Next(FakeLlmRequest request)
        {
            _requests.Enqueue(request);
            return _queue.TryDequeue(out var reply) ? reply(request) : then(request);
        }
    }
}
