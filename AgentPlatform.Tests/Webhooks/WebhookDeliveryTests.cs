using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Core.Persistence;
using AgentPlatform.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Webhooks;

/// <summary>Webhooks through the API, delivered by a real Worker to a real HTTP receiver (issue #14).</summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookDeliveryTests(WebhookFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("base64")]
    [InlineData("text")]
    public async Task A_run_that_ends_posts_a_signed_body_that_verifies_with_the_documented_algorithm(string form)
    {
        var secret = form == "base64" ? "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) : "a plain text secret, 1234";
        var path = $"/signed/{Guid.NewGuid():N}";
        using var client = fixture.Client();

        var session = await client.CreateSessionAsync(new { prompt = "What is 2 + 2?", taskType = "simple_query", webhook = new { url = Url(path), secret } }, _ct);
        var hook = (await WaitForAsync(path, 1)).Single();

        Assert.True(WebhookVerifier.Verifies(hook, secret), $"signature {hook.Signature} does not verify");
        var other = form == "base64" ? "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) : secret + "x";
        Assert.False(WebhookVerifier.Verifies(hook, other));
        Assert.Equal("application/json", hook.ContentType);
        Assert.InRange(long.Parse(hook.Timestamp, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
        using var body = JsonDocument.Parse(hook.Body);
        Assert.Equal("run.completed", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(session.Id(), body.RootElement.GetProperty("session").GetProperty("id").GetString());
        Assert.Equal("completed", body.RootElement.GetProperty("session").GetProperty("status").GetString());
        var evt = body.RootElement.GetProperty("event");
        Assert.Equal("run.completed", evt.GetProperty("type").GetString());
        var logged = (await client.EventsAsync(session.Id(), _ct)).Single(e => e.GetProperty("type").GetString() == "run.completed");
        Assert.Equal(logged.GetProperty("seq").GetInt64(), evt.GetProperty("seq").GetInt64());
        Assert.Equal(logged.GetProperty("id").GetString(), evt.GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_receiver_that_answers_500_is_retried_with_the_same_webhook_id_until_it_accepts()
    {
        var path = $"/flaky/{Guid.NewGuid():N}";
        fixture.Receiver.Behaviour = (p, before) => p == path && before < 2 ? WebhookReceiver.Reply.ServerError : WebhookReceiver.Reply.Ok;
        using var client = fixture.Client();

        await client.CreateSessionAsync(new { prompt = "What is 2 + 2?", taskType = "simple_query", webhook = new { url = Url(path), secret = "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=" } }, _ct);
        var hooks = await WaitForAsync(path, 3);

        Assert.Single(hooks.Select(h => h.Id).Distinct());
        Assert.All(hooks, h => Assert.True(WebhookVerifier.Verifies(h, "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=")));
    }

    [Fact]
    public async Task A_receiver_slower_than_the_timeout_is_retried_with_the_same_webhook_id()
    {
        var path = $"/slow/{Guid.NewGuid():N}";
        fixture.Receiver.Behaviour = (p, before) => p == path && before == 0 ? WebhookReceiver.Reply.Slow : WebhookReceiver.Reply.Ok;
        using var client = fixture.Client();

        await client.CreateSessionAsync(new { prompt = "What is 2 + 2?", taskType = "simple_query", webhook = new { url = Url(path) } }, _ct);
        var hooks = await WaitForAsync(path, 2);

        Assert.Equal(hooks[0].Id, hooks[1].Id);
    }

    [Fact]
    public async Task A_receiver_down_for_a_while_gets_the_delivery_once_it_is_back()
    {
        var port = WebhookReceiver.FreePort();
        var url = $"http://127.0.0.1:{port}/back";
        using var client = fixture.Client();

        var session = await client.CreateSessionAsync(new { prompt = "What is 2 + 2?", taskType = "simple_query", webhook = new { url } }, _ct);
        await Poll.UntilAsync(() => AttemptsAsync(session.Id()), a => a >= 2, Patience, _ct);
        await using var receiver = await WebhookReceiver.StartAsync(port);
        var hook = await Poll.UntilAsync(() => Task.FromResult(receiver.For("/back")), h => h.Count >= 1, Patience, _ct);

        Assert.StartsWith("msg_", hook[0].Id);
        Assert.DoesNotContain(await client.EventsAsync(session.Id(), _ct), e => e.GetProperty("type").GetString() == "webhook.failed");
    }

    [Fact]
    public async Task A_delivery_that_keeps_failing_is_recorded_as_a_webhook_failed_event()
    {
        var url = $"http://127.0.0.1:{WebhookReceiver.FreePort()}/never";
        using var client = fixture.Client();

        var session = await client.CreateSessionAsync(new { prompt = "What is 2 + 2?", taskType = "simple_query", webhook = new { url } }, _ct);
        var events = await Poll.UntilAsync(() => client.EventsAsync(session.Id(), _ct),
            e => e.Any(x => x.GetProperty("type").GetString() == "webhook.failed"), Patience, _ct);

        var completed = events.Single(e => e.GetProperty("type").GetString() == "run.completed");
        var failed = events.Single(e => e.GetProperty("type").GetString() == "webhook.failed").GetProperty("data");
        Assert.Equal(completed.GetProperty("seq").GetInt64(), failed.GetProperty("seq").GetInt64());
        Assert.Equal(WebhookFixture.MaxAttempts, failed.GetProperty("attempts").GetInt32());
        Assert.False(string.IsNullOrEmpty(failed.GetProperty("error").GetString()));
    }

    [Theory]
    [InlineData("""{"url": "ftp://example.org/hook"}""", "webhook.url")]
    [InlineData("""{"url": "/relative"}""", "webhook.url")]
    [InlineData("""{"url": "https://example.org/hook", "secret": "short"}""", "webhook.secret")]
    [InlineData("""{"url": "https://example.org/hook", "secret": "whsec_not base64 at all!!"}""", "webhook.secret")]
    public async Task A_bad_webhook_is_a_400_naming_the_field(string webhook, string field)
    {
        using var client = fixture.Client();
        using var content = new StringContent($$"""{"prompt": "hi", "webhook": {{webhook}}}""", System.Text.Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/v1/sessions", content, _ct);

        await ApiCalls.AssertProblemNamesAsync(response, 400, field, _ct);
    }

    private string Url(string path) => new Uri(fixture.Receiver.Address, path).ToString();

    private Task<List<ReceivedWebhook>> WaitForAsync(string path, int count) =>
        Poll.UntilAsync(() => Task.FromResult(fixture.Receiver.For(path)), h => h.Count >= count, Patience, _ct);

    private async Task<int> AttemptsAsync(string sessionId)
    {
        await using var db = new AgentDbContext(new DbContextOptionsBuilder<AgentDbContext>()
            .UseNpgsql(fixture.Api.Services.GetRequiredService<IConfiguration>().GetConnectionString("agentdb")).UseSnakeCaseNamingConvention().Options);
        return await db.WebhookDeliveries.Where(d => d.SessionId == Guid.Parse(sessionId)).Select(d => d.Attempts).FirstOrDefaultAsync(_ct);
    }
}
