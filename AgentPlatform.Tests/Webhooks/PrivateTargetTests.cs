using AgentPlatform.Tests.Api;

namespace AgentPlatform.Tests.Webhooks;

/// <summary>A Worker with the production address policy (no <c>AllowPrivateAddresses</c>) never calls a loopback receiver.</summary>
public sealed class PrivateTargetTests(PrivateTargetTests.Stack stack) : IClassFixture<PrivateTargetTests.Stack>
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_loopback_target_gets_nothing_and_the_delivery_is_recorded_failed()
    {
        var path = $"/private/{Guid.NewGuid():N}";
        using var client = stack.Api.ClientFor(ApiFixture.NewUser("hook"));

        var session = await client.CreateSessionAsync(new
        {
            prompt = "What is 2 + 2?", taskType = "simple_query",
            webhook = new { url = new Uri(stack.Receiver.Address, path).ToString(), secret = "a plain text secret, 1234" },
        }, _ct);
        var events = await Poll.UntilAsync(() => client.EventsAsync(session.Id(), _ct),
            e => e.Any(x => x.GetProperty("type").GetString() == "webhook.failed"), TimeSpan.FromSeconds(45), _ct);

        Assert.Empty(stack.Receiver.For(path));
        var error = events.Single(e => e.GetProperty("type").GetString() == "webhook.failed").GetProperty("data").GetProperty("error").GetString();
        Assert.Contains("private, local, reserved or metadata address", error);
    }

    public sealed class Stack(LocalInfrastructure infrastructure) : IAsyncLifetime
    {
        public ApiFactory Api { get; } = new(infrastructure, "webhook_private_tests");

        public WorkerFactory Worker { get; } = new(infrastructure, "webhook_private_tests", latencyMs: 0, new Dictionary<string, string?>
        {
            ["Webhooks:MaxAttempts"] = "2",
            ["Webhooks:FirstRetryDelay"] = "00:00:00.200",
            ["Worker:SchedulerPollInterval"] = "00:00:00.200",
        });

        public WebhookReceiver Receiver { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            _ = Api.Server;
            _ = Worker.Server;
            Receiver = await WebhookReceiver.StartAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Receiver.DisposeAsync();
            await Worker.DisposeAsync();
            await Api.DisposeAsync();
        }
    }
}
