using System.Net.Http.Json;
using System.Text.Json;

namespace AgentPlatform.Tests.Approvals;

/// <summary>The approval and plan review calls of the contract, and what a waiting session shows.</summary>
internal static class ApprovalCalls
{
    public static Task<HttpResponseMessage> DecideAsync(this HttpClient client, string sessionId, string callId, object body, CancellationToken ct) =>
        client.PostAsJsonAsync($"/api/v1/sessions/{sessionId}/approvals/{callId}", body, ct);

    public static Task<HttpResponseMessage> ReviewPlanAsync(this HttpClient client, string sessionId, object body, CancellationToken ct) =>
        client.PutAsJsonAsync($"/api/v1/sessions/{sessionId}/plan", body, ct);

    public static async Task<JsonElement> WaitingAsync(this HttpClient client, string sessionId, CancellationToken ct)
    {
        var session = await client.WaitForStatusAsync(sessionId, ct, "waiting_for_input", "completed", "failed", "incomplete", "stopped");
        Assert.True(session.Status() == "waiting_for_input", session.ToString());
        return session;
    }

    public static Task<JsonElement> EndedAsync(this HttpClient client, string sessionId, CancellationToken ct) =>
        client.WaitForStatusAsync(sessionId, ct, "completed", "failed", "incomplete", "stopped");

    public static JsonElement Pending(this JsonElement session) => session.GetProperty("pendingInput");
}
