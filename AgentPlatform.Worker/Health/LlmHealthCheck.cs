using AgentPlatform.Core.Llm;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Worker.Health;

/// <summary>
/// Whether the LLM provider answers: a cheap GET of its model list, cached for a minute so health polling never
/// turns into provider traffic. Degraded (not Unhealthy) when it fails: runs end llm_unavailable, the Worker stays up.
/// </summary>
public sealed class LlmHealthCheck(IConfiguration configuration, IHttpClientFactory http, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var connection = LlmConnection.Parse(configuration.GetConnectionString(ResourceNames.Llm));
        if (connection is null)
        {
            return HealthCheckResult.Healthy("Simulated model (no LLM provider configured).");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } cached && clock.GetUtcNow() - cached.At < CacheFor)
            {
                return cached.Result;
            }

            var result = await ProbeAsync(connection, cancellationToken);
            _last = (clock.GetUtcNow(), result);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(LlmConnection connection, CancellationToken ct)
    {
        using var client = http.CreateClient(WorkerHealthExtensions.ProbeClient);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(connection.Endpoint.ToString().TrimEnd('/') + "/models"));
        if (!string.IsNullOrEmpty(connection.Key))
        {
            request.Headers.Authorization = new("Bearer", connection.Key);
        }

        try
        {
            using var response = await client.SendAsync(request, ct);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"{connection.Model} at {connection.Endpoint.Host} answers.")
                : HealthCheckResult.Degraded($"The LLM provider answered {(int)response.StatusCode}.");
        }
        catch (HttpRequestException ex)
        {
            return HealthCheckResult.Degraded($"The LLM provider does not answer: {ex.Message}");
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded("The LLM provider did not answer in time.");
        }
    }
}
