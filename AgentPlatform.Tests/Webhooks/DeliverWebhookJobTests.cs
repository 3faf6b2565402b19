using System.Net;
using AgentPlatform.Core.Webhooks;
using AgentPlatform.Worker.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Tests.Webhooks;

/// <summary>
/// The delivery job run by hand against a real PostgreSQL and a scripted HTTP handler: what it leaves alone and what
/// it records of a failed attempt.
/// </summary>
public sealed class DeliverWebhookJobTests(LocalInfrastructure infrastructure) : IAsyncLifetime
{
    private const string Url = "https://hooks.example.com/run";
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private readonly ScratchDatabase _database = new(infrastructure, "deliver");

    public async ValueTask InitializeAsync() => await _database.MigrateAsync(_ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Theory]
    [InlineData("no-delivery")]
    [InlineData("delivered")]
    [InlineData("no-webhook")]
    [InlineData("no-event")]
    public async Task Nothing_is_posted_for_a_delivery_that_is_missing_done_or_has_nothing_to_send(string state)
    {
        // Running, so that no delivery is owed yet (a run that ends with a webhook saves its own).
        var session = await _database.SeedSessionAsync(ended: false, DateTimeOffset.UtcNow, _ct, s =>
        {
            if (state != "no-webhook")
            {
                s.SetWebhook(Url, "secret");
            }
        });
        var seq = state == "no-event" ? 1000 : await LastSeqAsync(session.Id);
        if (state != "no-delivery")
        {
            var delivery = new WebhookDelivery(session.Id, seq, DateTimeOffset.UtcNow);
            if (state == "delivered")
            {
                delivery.Delivered(DateTimeOffset.UtcNow);
            }

            await SaveAsync(delivery);
        }

        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.OK));

        await Job(handler).ExecuteAsync(session.Id, seq, _ct);

        Assert.Equal(0, handler.Requests);
        await using var db = _database.Context();
        Assert.All(await db.WebhookDeliveries.Where(d => d.SessionId == session.Id).ToListAsync(_ct), d => Assert.Equal(0, d.Attempts));
    }

    [Fact]
    public async Task A_connection_failure_is_recorded_by_its_cause_and_retried()
    {
        var (sessionId, seq) = await PendingAsync();
        var handler = new ScriptedHandler(_ => throw new HttpRequestException("outer", new IOException("Connection refused (hooks.example.com:443)")));

        var retry = await Assert.ThrowsAsync<WebhookDeliveryException>(() => Job(handler).ExecuteAsync(sessionId, seq, _ct));

        var delivery = await DeliveryAsync(sessionId, seq);
        Assert.Equal("Connection refused (hooks.example.com:443)", delivery.LastError);
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        Assert.Equal(1, delivery.Attempts);
        Assert.Equal(1, handler.Requests);
        Assert.Equal("Connection refused (hooks.example.com:443)", retry.Message);
    }

    [Fact]
    public async Task A_long_failure_message_is_cut_and_the_last_attempt_records_the_delivery_failed()
    {
        var (sessionId, seq) = await PendingAsync();
        var handler = new ScriptedHandler(_ => throw new HttpRequestException(new string('e', 2000)));

        await Job(handler, maxAttempts: 1).ExecuteAsync(sessionId, seq, _ct);

        var delivery = await DeliveryAsync(sessionId, seq);
        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.Equal(new string('e', 900), delivery.LastError);
        await using var db = _database.Context();
        Assert.True(await db.Events.AnyAsync(e => e.SessionId == sessionId && e.Type == "webhook.failed", _ct));
    }

    private async Task<(Guid SessionId, long Seq)> PendingAsync()
    {
        // Running, so that no delivery is owed yet (a run that ends with a webhook saves its own).
        var session = await _database.SeedSessionAsync(ended: false, DateTimeOffset.UtcNow, _ct, s => s.SetWebhook(Url, "secret"));
        var seq = await LastSeqAsync(session.Id);
        await SaveAsync(new WebhookDelivery(session.Id, seq, DateTimeOffset.UtcNow));
        return (session.Id, seq);
    }

    private async Task<long> LastSeqAsync(Guid sessionId)
    {
        await using var db = _database.Context();
        return await db.Events.Where(e => e.SessionId == sessionId).MaxAsync(e => e.Seq, _ct);
    }

    private async Task SaveAsync(WebhookDelivery delivery)
    {
        await using var db = _database.Context();
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(_ct);
    }

    private async Task<WebhookDelivery> DeliveryAsync(Guid sessionId, long seq)
    {
        await using var db = _database.Context();
        return await db.WebhookDeliveries.AsNoTracking().SingleAsync(d => d.SessionId == sessionId && d.Seq == seq, _ct);
    }

    private DeliverWebhookJob Job(ScriptedHandler handler, int maxAttempts = 8) =>
        new(_database.Context(), new HandlerFactory(handler), Options.Create(new WebhookOptions { MaxAttempts = maxAttempts }),
            TimeProvider.System, NullLogger<DeliverWebhookJob>.Instance);

    private sealed class ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        private int _requests;

        public int Requests => _requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return Task.FromResult(answer(request));
        }
    }

    private sealed class HandlerFactory(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
