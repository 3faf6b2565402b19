using System.Net;
using AgentPlatform.Core;
using AgentPlatform.Tests.Tools;
using AgentPlatform.Worker.Health;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AgentPlatform.Tests.Health;

/// <summary>The Worker's LLM probe: GET {endpoint}/models with the key, Degraded (never Unhealthy) on failure, cached a minute.</summary>
public sealed class LlmHealthCheckTests
{
    private const string Connection = "Endpoint=http://llm.test/v1/;Key=sk-probe;Model=gpt-test";

    private readonly ManualClock _clock = new();

    [Fact]
    public async Task Without_a_provider_the_simulated_model_is_healthy_and_nothing_is_called()
    {
        var handler = new ProbeHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));

        var result = await Check(null, handler);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Contains("Simulated model", result.Description);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task An_answering_provider_is_healthy_and_is_asked_for_its_models_with_the_key()
    {
        var handler = new ProbeHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));

        var result = await Check(Connection, handler);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("gpt-test at llm.test answers.", result.Description);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("http://llm.test/v1/models", request.Uri.ToString());
        Assert.Equal("Bearer sk-probe", request.Authorization);
    }

    [Fact]
    public async Task Without_a_key_no_authorization_header_is_sent()
    {
        var handler = new ProbeHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));

        await Check("Endpoint=http://llm.test/v1;Model=gpt-test", handler);

        Assert.Null(Assert.Single(handler.Requests).Authorization);
    }

    [Fact]
    public async Task An_error_status_is_degraded_with_the_status()
    {
        var result = await Check(Connection, new ProbeHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal("The LLM provider answered 503.", result.Description);
    }

    [Fact]
    public async Task A_refused_connection_is_degraded()
    {
        var result = await Check(Connection, new ProbeHandler(_ => throw new HttpRequestException("Connection refused")));

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Equal("The LLM provider does not answer: Connection refused", result.Description);
    }

    [Fact]
    public async Task A_client_timeout_is_degraded_but_the_caller_cancelling_is_not_swallowed()
    {
        var timedOut = await Check(Connection, new ProbeHandler(_ => throw new TaskCanceledException("timeout")));
        Assert.Equal(HealthStatus.Degraded, timedOut.Status);
        Assert.Equal("The LLM provider did not answer in time.", timedOut.Description);

        using var cancelled = new CancellationTokenSource();
        var check = NewCheck(Connection, new ProbeHandler(_ =>
        {
            cancelled.Cancel();
            throw new TaskCanceledException("cancelled");
        }));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => check.CheckHealthAsync(new HealthCheckContext(), cancelled.Token));
    }

    [Fact]
    public async Task A_result_is_reused_for_a_minute_then_the_provider_is_asked_again()
    {
        var status = HttpStatusCode.OK;
        var handler = new ProbeHandler(_ => new HttpResponseMessage(status));
        var check = NewCheck(Connection, handler);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), ct)).Status);
        status = HttpStatusCode.InternalServerError;
        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(new HealthCheckContext(), ct)).Status);
        Assert.Single(handler.Requests);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Degraded, (await check.CheckHealthAsync(new HealthCheckContext(), ct)).Status);
        Assert.Equal(2, handler.Requests.Count);
    }

    private Task<HealthCheckResult> Check(string? connection, ProbeHandler handler) =>
        NewCheck(connection, handler).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

    private LlmHealthCheck NewCheck(string? connection, ProbeHandler handler)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"ConnectionStrings:{ResourceNames.Llm}"] = connection })
            .Build();
        return new LlmHealthCheck(configuration, new SingleClientFactory(handler), _clock);
    }

    private sealed record SeenRequest(HttpMethod Method, Uri Uri, string? Authorization);

    private sealed class ProbeHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<SeenRequest> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(new SeenRequest(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString()));
            return Task.FromResult(answer(request));
        }
    }

    private sealed class SingleClientFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name)
        {
            Assert.Equal(WorkerHealthExtensions.ProbeClient, name);
            return new HttpClient(handler, disposeHandler: false);
        }
    }
}
