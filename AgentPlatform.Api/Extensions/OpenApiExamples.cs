using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace AgentPlatform.Api.Extensions;

/// <summary>Request and response examples per operation, so the reference UI shows real payloads.</summary>
internal static class OpenApiExamples
{
    private const string Session = """
        {"id":"01a214b4-7aa1-7409-8d44-3cc4b2fcfad4","status":"completed","taskType":"simple_query","prompt":"Say hello",
         "result":"Hello!","stopReason":"end_turn","error":null,"tokenBudget":4000,"tokensUsed":75,"tokensSaved":0,"compactions":0,
         "model":"gpt-4o-mini","plan":{"steps":[]},"createdAt":"2026-11-25T21:55:01.921Z","updatedAt":"2026-11-25T21:55:02.764Z",
         "completedAt":"2026-11-25T21:55:02.764Z"}
        """;

    private static readonly Dictionary<string, (string? Request, string Response)> ByOperation = new()
    {
        ["CreateSession"] = ("""{"prompt":"Say hello","taskType":"simple_query","tokenBudget":4000,"maxSteps":5}""", Session),
        ["GetSession"] = (null, Session),
        ["ListSessions"] = (null, $$"""{"items":[{{Session}}],"nextCursor":"NjM4OTk4..."}"""),
        ["SendMessage"] = ("""{"prompt":"Now say it in French","multitaskStrategy":"enqueue"}""", Session),
        ["StopSession"] = (null, Session),
        ["ListSessionEvents"] = (null, """
            {"items":[{"seq":1,"id":"01a214b4-7aa1-7409-8d44-3cc4b2fcfad5","type":"session.created","sessionId":"01a214b4-7aa1-7409-8d44-3cc4b2fcfad4",
              "runId":null,"timestamp":"2026-11-25T21:55:01.921Z","data":{"taskType":"simple_query","tokenBudget":4000}}],"nextAfter":1}
            """),
        ["ListAgents"] = (null, """[{"taskType":"simple_query","model":"gpt-4o-mini","planning":false,"maxSteps":3,"tools":["terminate"],"systemPrompt":"Answer directly."}]"""),
        ["ListTools"] = (null, """[{"name":"web_fetch","description":"Fetch a web page as text","available":true,"circuit":"closed","updatedAt":"2026-11-25T21:55:01Z"}]"""),
    };

    public static void Apply(OpenApiOperation operation, IList<object> metadata)
    {
        var name = metadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName;
        if (name is null || !ByOperation.TryGetValue(name, out var example))
        {
            return;
        }

        if (example.Request is not null && operation.RequestBody?.Content?.TryGetValue("application/json", out var request) == true)
        {
            request.Example = JsonNode.Parse(example.Request);
        }

        if (operation.Responses is null)
        {
            return;
        }

        foreach (var (status, response) in operation.Responses)
        {
            if (status.StartsWith('2') && response.Content?.TryGetValue("application/json", out var media) == true)
            {
                media.Example = JsonNode.Parse(example.Response);
            }
        }
    }
}
