using AgentPlatform.Worker.Tools.BuiltIn.WebFetch;
using Hangfire;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Webhooks;

public static class WebhookServiceExtensions
{
    /// <summary>Run-ended webhooks: the delivery job, its retry filter, the sweep and a guarded HttpClient of its own.</summary>
    public static IHostApplicationBuilder AddWebhooks(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DeliverWebhookJob>();
        services.AddScoped<WebhookDispatcher>();
        services.AddHostedService<WebhookSweeper>();
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        // Hangfire's filters are process-wide and this one has no state: add it once.
        if (!GlobalJobFilters.Filters.Any(f => f.Instance is WebhookRetryFilter))
        {
            GlobalJobFilters.Filters.Add(new WebhookRetryFilter());
        }

        // Its own timeout and no resilience handler: the retries are the job's (with the same webhook-id), not the client's.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(DeliverWebhookJob.HttpClientName, (sp, client) => client.Timeout = sp.GetRequiredService<IOptions<WebhookOptions>>().Value.Timeout)
            .RemoveAllResilienceHandlers()
            .ConfigurePrimaryHttpMessageHandler(sp => new GuardedConnector(
                new WebhookAddressPolicy(sp.GetRequiredService<IOptions<WebhookOptions>>().Value), sp.GetRequiredService<IHostResolver>()).CreateHandler());
#pragma warning restore EXTEXP0001
        return builder;
    }
}
