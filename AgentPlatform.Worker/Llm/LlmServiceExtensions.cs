using System.ClientModel;
using System.ClientModel.Primitives;
using AgentPlatform.Core.Llm;
using OpenAI;

namespace AgentPlatform.Worker.Llm;

public static class LlmServiceExtensions
{
    public const string HttpClientName = "llm";

    /// <summary>
    /// The chat client: any OpenAI-compatible endpoint from the connection string <c>llm</c>, over an HttpClient with a
    /// pipeline tuned for model calls; without one, the simulated model in Development and a refusal to start elsewhere.
    /// </summary>
    public static IHostApplicationBuilder AddLlm(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<TokenCounter>();
        // Prompts and answers stay out of traces unless an operator turns this on (Telemetry:RecordMessageContent).
        var recordContent = builder.Configuration.GetValue("Telemetry:RecordMessageContent", false);
        var connection = LlmConnection.Parse(builder.Configuration.GetConnectionString(ResourceNames.Llm));
        if (connection is null)
        {
            if (!builder.Environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    "No LLM provider is configured: set ConnectionStrings:llm (Endpoint=...;Key=...;Model=...). " +
                    "The simulated model is for Development only.");
            }

            services.AddSingleton(new LlmModel(LlmConnection.SimulatedModel, IsSimulated: true));
            var latency = TimeSpan.FromMilliseconds(builder.Configuration.GetValue("Llm:Simulated:LatencyMs", 0));
            services.AddChatClient(sp => new SimulatedChatClient(sp.GetRequiredService<TokenCounter>(), latency))
                .UseLogging()
                .UseOpenTelemetry(sourceName: ResourceNames.WorkerTelemetry, configure: c => c.EnableSensitiveData = recordContent);
            return builder;
        }

        // The default resilience handler cuts calls at 10 s; a model call needs minutes (Llm:AttemptTimeout, 3 min by default).
        var attemptTimeout = builder.Configuration.GetValue("Llm:AttemptTimeout", TimeSpan.FromMinutes(3));
        // RemoveAllResilienceHandlers is marked experimental (EXTEXP0001); it is the documented way to replace the default.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(HttpClientName)
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler(o =>
            {
                o.AttemptTimeout.Timeout = attemptTimeout;
                o.TotalRequestTimeout.Timeout = TimeSpan.FromMinutes(10);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(6);
                o.Retry.MaxRetryAttempts = 3;
            });
#pragma warning restore EXTEXP0001
        services.AddSingleton(new LlmModel(connection.Model, IsSimulated: false));
        services.AddChatClient(sp =>
            {
                var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
                var client = new OpenAIClient(new ApiKeyCredential(connection.Key ?? "none"), new OpenAIClientOptions
                {
                    Endpoint = connection.Endpoint,
                    Transport = new HttpClientPipelineTransport(http),
                    NetworkTimeout = TimeSpan.FromMinutes(10),
                    // Retries live in the HttpClient pipeline; the SDK's own policy would repeat each of its failures 3 more times.
                    RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                });
                return client.GetChatClient(connection.Model).AsIChatClient();
            })
            .UseLogging()
            .UseOpenTelemetry(sourceName: ResourceNames.WorkerTelemetry, configure: c => c.EnableSensitiveData = recordContent);
        return builder;
    }
}
