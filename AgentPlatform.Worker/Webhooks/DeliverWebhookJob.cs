using System.Net.Http.Headers;
using System.Text.Json;
using AgentPlatform.Core.Events;
using AgentPlatform.Core.Webhooks;
using Hangfire;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Worker.Webhooks;

/// <summary>
/// POSTs one run-ended webhook: <c>{type: "run.completed", session, event}</c>, signed the Standard Webhooks way, with
/// the same <c>webhook-id</c> on every attempt. A failed attempt throws, and <see cref="WebhookRetryFilter"/> schedules
/// the next with exponential backoff; the last one records the delivery failed and raises <c>webhook.failed</c>.
/// Safe to run twice: a delivery already delivered or failed is left alone (a receiver may still see a message twice,
/// as Standard Webhooks expects: it deduplicates by <c>webhook-id</c>).
/// </summary>
[AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
public sealed partial class DeliverWebhookJob(
    AgentDbContext db, IHttpClientFactory http, IOptions<WebhookOptions> options, TimeProvider clock, ILogger<DeliverWebhookJob> logger)
{
    public const string HttpClientName = "webhooks";

    public async Task ExecuteAsync(Guid sessionId, long seq, CancellationToken cancellationToken)
    {
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.SessionId == sessionId && d.Seq == seq, cancellationToken);
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
        var evt = await db.Events.AsNoTracking().FirstOrDefaultAsync(e => e.SessionId == sessionId && e.Seq == seq, cancellationToken);
        if (delivery is not { Status: WebhookDeliveryStatus.Pending } || session?.WebhookUrl is null || evt is null)
        {
            LogNothingToDeliver(logger, sessionId, seq);
            return;
        }

        delivery.Attempted();
        var error = await PostAsync(session, evt, delivery.MessageId, cancellationToken);
        var now = clock.GetUtcNow();
        if (error is null)
        {
            delivery.Delivered(now);
            await db.SaveChangesAsync(CancellationToken.None);
            LogDelivered(logger, sessionId, seq, delivery.Attempts);
            return;
        }

        if (delivery.Attempts < options.Value.MaxAttempts)
        {
            delivery.AttemptFailed(error);
            await db.SaveChangesAsync(CancellationToken.None);
            LogAttemptFailed(logger, sessionId, seq, delivery.Attempts, error);
            throw new WebhookDeliveryException(error, options.Value.RetryDelay(delivery.Attempts - 1));
        }

        delivery.Failed(error, now);
        await db.SaveChangesAsync(CancellationToken.None);
        await db.UpdateSessionAsync(sessionId, s => s.RecordWebhookFailed(seq, delivery.Attempts, error, now), CancellationToken.None);
        LogGaveUp(logger, sessionId, seq, delivery.Attempts, error);
    }

    /// <returns>Null when the receiver answered 2xx, else what went wrong (no secret, no body).</returns>
    private async Task<string?> PostAsync(Session session, SessionEvent evt, string messageId, CancellationToken ct)
    {
        var payload = new WebhookPayload(EventTypes.RunCompleted, WebhookSession.From(session), EventEnvelope.From(evt));
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, JsonDefaults.Options);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, session.WebhookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(session.WebhookSecret, messageId, timestamp, body));
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return response.IsSuccessStatusCode ? null : $"The receiver answered {(int)response.StatusCode}.";
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"The receiver did not answer within {options.Value.Timeout.TotalSeconds:0.#} s.";
        }
        catch (HttpRequestException ex)
        {
            // The connector's refusal (a private address) or a connection failure; its message names no secret.
            return Truncate(ex.InnerException?.Message ?? ex.Message);
        }
    }

    private static string Truncate(string text) => text.Length <= 900 ? text : text[..900];

    [LoggerMessage(Level = LogLevel.Information, Message = "Nothing to deliver for the webhook of session {SessionId} event {Seq}")]
    private static partial void LogNothingToDeliver(ILogger logger, Guid sessionId, long seq);

    [LoggerMessage(Level = LogLevel.Information, Message = "Delivered the webhook of session {SessionId} event {Seq} (attempt {Attempts})")]
    private static partial void LogDelivered(ILogger logger, Guid sessionId, long seq, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook of session {SessionId} event {Seq}, attempt {Attempts} failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, Guid sessionId, long seq, int attempts, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Gave up the webhook of session {SessionId} event {Seq} after {Attempts} attempts: {Error}")]
    private static partial void LogGaveUp(ILogger logger, Guid sessionId, long seq, int attempts, string error);
}
