using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using AgentPlatform.Core.Events;
using StackExchange.Redis;

namespace AgentPlatform.Tests.Engine;

/// <summary>The model's answer streams: its text goes out live as ephemeral agent.message_delta events.</summary>
public sealed class MessageDeltaTests(LocalInfrastructure infrastructure)
{
    [Fact]
    public async Task A_streamed_answer_is_published_as_ephemeral_deltas_that_add_up_to_the_final_message()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var llm = await FakeLlmServer.StartAsync(ct);
        llm.Enqueue(FakeLlmReply.Answer("Deltas arrive one word at a time."));
        await using var api = new ApiFactory(infrastructure, "delta_tests");
        await using var worker = new WorkerFactory(infrastructure, "delta_tests", 0, new Dictionary<string, string?> { ["ConnectionStrings:llm"] = llm.ConnectionString() });
        using var client = api.CreateClient(); // the Api migrates the database; the Worker waits for that
        _ = worker.Server;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(infrastructure.RedisConnectionString);
        var live = new ConcurrentQueue<JsonElement>();
        // A message queue, as the Api's fanout reads it: handlers passed to SubscribeAsync may run concurrently and
        // see the deltas out of order, a queue's OnMessage takes them one after the other.
        var queue = await redis.GetSubscriber().SubscribeAsync(EventChannels.All);
        queue.OnMessage(message => live.Enqueue(JsonDocument.Parse(message.Message.ToString()).RootElement.Clone()));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Create(ApiFixture.NewUser("delta")));

        var session = await client.CreateSessionAsync(new { prompt = "Stream please", taskType = "simple_query" }, ct);
        await client.WaitForStatusAsync(session.Id(), ct, "completed");

        Assert.True(llm.Requests[0].Stream, "the model was not called with stream=true");
        var deltas = live.Where(e => e.GetProperty("sessionId").GetString() == session.Id() && e.GetProperty("type").GetString() == "agent.message_delta").ToList();
        Assert.True(deltas.Count > 1, $"{deltas.Count} deltas");
        Assert.All(deltas, d => Assert.Equal(JsonValueKind.Null, d.GetProperty("seq").ValueKind));
        Assert.Equal("Deltas arrive one word at a time.", string.Concat(deltas.Select(d => d.GetProperty("data").GetProperty("text").GetString())));
        var durable = await client.EventsAsync(session.Id(), ct);
        Assert.DoesNotContain(durable, e => e.GetProperty("type").GetString() == "agent.message_delta");
    }
}
