using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Tests.Api;

/// <summary>A full run with known secrets, every log line of both services captured at Trace level and searched.</summary>
public sealed class SecretsInLogsTests(LocalInfrastructure infrastructure)
{
    [Fact]
    public async Task No_log_line_of_a_full_run_contains_a_key_a_token_or_a_password()
    {
        var ct = TestContext.Current.CancellationToken;
        const string llmKey = "sk-live-SECRET-llm-key-7f3a9c";
        await using var llm = await FakeLlmServer.StartAsync(ct);
        var logs = new CapturingLoggerProvider();
        var everything = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft"] = "Trace" };
        await using var api = new ApiFactory(infrastructure, "secrets_tests", everything);
        await using var worker = new WorkerFactory(infrastructure, "secrets_tests", 0,
            new Dictionary<string, string?>(everything) { ["ConnectionStrings:llm"] = llm.ConnectionString(key: llmKey) });
        var token = TestTokens.Create(ApiFixture.NewUser("secret-user"));
        using var apiClient = api.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs))).CreateClient();
        using var workerClient = worker.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs))).CreateClient();
        apiClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var session = await apiClient.CreateSessionAsync("Tell me something", ct);
        await apiClient.WaitForStatusAsync(session.Id(), ct, "completed", "failed", "incomplete");
        await apiClient.GetAsync($"/api/v1/sessions?access_token={token}", ct);

        Assert.NotEmpty(llm.Requests);
        Assert.Equal($"Bearer {llmKey}", llm.Requests[0].Authorization);
        var secrets = new[] { llmKey, token, token.Split('.')[2], TestTokens.SigningKey, "tests-password" };
        var lines = logs.Lines.ToList();
        Assert.True(lines.Count > 100, $"only {lines.Count} log lines were captured");
        foreach (var secret in secrets)
        {
            var leak = lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"a log line contains a secret: {leak}");
        }
    }
}
