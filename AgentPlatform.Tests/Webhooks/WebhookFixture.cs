using AgentPlatform.Tests.Api;

namespace AgentPlatform.Tests.Webhooks;

/// <summary>
/// An Api and a Worker that deliver webhooks with short, configured backoff (4 attempts 0.3 s, 0.6 s, 1.2 s apart, a
/// 1 s timeout, the scheduler polling every 0.2 s) to loopback receivers, which <c>AllowPrivateAddresses</c> permits.
/// </summary>
public sealed class WebhookFixture(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    public const int MaxAttempts = 4;

    private static readonly Dictionary<string, string?> WorkerSettings = new()
    {
        ["Webhooks:AllowPrivateAddresses"] = "true",
        ["Webhooks:MaxAttempts"] = MaxAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Webhooks:FirstRetryDelay"] = "00:00:00.300",
        ["Webhooks:Timeout"] = "00:00:01",
        ["Webhooks:SweepInterval"] = "00:00:01",
        ["Worker:SchedulerPollInterval"] = "00:00:00.200",
    };

    public ApiFactory Api { get; } = new(infrastructure, "webhook_tests");

    public WorkerFactory Worker { get; } = new(infrastructure, "webhook_tests", latencyMs: 0, WorkerSettings);

    public WebhookReceiver Receiver { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _ = Api.Server;
        _ = Worker.Server;
        Receiver = await WebhookReceiver.StartAsync();
    }

    public HttpClient Client() => Api.ClientFor(ApiFixture.NewUser("hook"));

    public async ValueTask DisposeAsync()
    {
        await Receiver.DisposeAsync();
        await Worker.DisposeAsync();
        await Api.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookFixture>
{
    public const string Name = "Webhooks";
}
