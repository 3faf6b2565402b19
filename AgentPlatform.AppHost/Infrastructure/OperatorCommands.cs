using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>
/// Operator actions on the Worker in the Aspire dashboard: pause and resume queue processing, reset every tool circuit;
/// and a link to its Hangfire dashboard. The commands call the Worker's admin endpoints with an admin token, on the
/// replica they were run on: each replica has its own Hangfire server and circuits, and Aspire's proxy in front of
/// them would pick any replica (so <c>WithHttpCommand</c>, which calls the endpoint through the proxy, is not used).
/// </summary>
internal static class OperatorCommands
{
    public const string PauseQueue = "pause-queue";
    public const string ResumeQueue = "resume-queue";
    public const string ResetToolCircuits = "reset-tool-circuits";

    public static IResourceBuilder<ProjectResource> WithOperatorCommands(this IResourceBuilder<ProjectResource> worker, string signingKey) =>
        worker
            .WithReplicaPost("/admin/queue/pause", PauseQueue, "Pause queue",
                "Stop taking jobs on this Worker; running jobs are requeued, queued ones wait.", "Pause", signingKey)
            .WithReplicaPost("/admin/queue/resume", ResumeQueue, "Resume queue", "Take jobs again on this Worker.", "Play", signingKey)
            .WithReplicaPost("/admin/tools/reset", ResetToolCircuits, "Reset tool circuits",
                "Close every tool's circuit breaker on this Worker.", "ArrowReset", signingKey)
            .WithUrlForEndpoint("http", url => url.DisplayText = "Worker")
            .WithUrl("/hangfire", "Hangfire dashboard");

    /// <summary>
    /// The address the replica itself listens on: Aspire gives each replica of a project its own port in
    /// <c>ASPNETCORE_URLS</c>, and shows the environment in the replica's snapshot.
    /// </summary>
    public static Uri? ReplicaAddress(CustomResourceSnapshot snapshot) =>
        snapshot.EnvironmentVariables.FirstOrDefault(v => v.Name == "ASPNETCORE_URLS")?.Value?.Split(';')[0] is { Length: > 0 } url
            ? new Uri(url)
            : null;

    private static IResourceBuilder<ProjectResource> WithReplicaPost(this IResourceBuilder<ProjectResource> worker,
        string path, string name, string displayName, string description, string icon, string signingKey) =>
        worker.WithCommand(name, displayName, context => PostAsync(context, path, signingKey), new CommandOptions
        {
            Description = description,
            IconName = icon,
            UpdateState = state => state.ResourceSnapshot.State?.Text == KnownResourceStates.Running && ReplicaAddress(state.ResourceSnapshot) is not null
                ? ResourceCommandState.Enabled
                : ResourceCommandState.Disabled,
        });

    private static async Task<ExecuteCommandResult> PostAsync(ExecuteCommandContext context, string path, string signingKey)
    {
        var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
        if (!notifications.TryGetCurrentState(context.ResourceName, out var current) || ReplicaAddress(current.Snapshot) is not { } address)
        {
            return CommandResults.Failure($"{context.ResourceName} has no address yet.");
        }

        using var http = context.Services.GetRequiredService<IHttpClientFactory>().CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            DevTokens.Create(signingKey, "aspire-dashboard", admin: true, TimeSpan.FromMinutes(5)));
        using var response = await http.SendAsync(request, context.CancellationToken);
        return response.IsSuccessStatusCode
            ? CommandResults.Success()
            : CommandResults.Failure($"{context.ResourceName} answered {(int)response.StatusCode} {response.ReasonPhrase} to POST {path}.");
    }
}
