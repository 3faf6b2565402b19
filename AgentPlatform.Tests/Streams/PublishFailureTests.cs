using AgentPlatform.Core.Events;
using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Tests.Streams;

[Collection(StreamsCollection.Name)]
public sealed class PublishFailureTests(StreamsFixture fixture)
{
    [Fact]
    public async Task A_save_whose_publish_fails_commits_logs_a_warning_and_still_reaches_subscribers_from_the_log()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        var id = await fixture.Writer.CreateSessionAsync(user, ct);
        await using var client = await fixture.ConnectAsync(Transport.ServerSentEvents, user, id, after: 0, ct);
        await client.ReadDurableAsync(1, 2, ct);
        var logger = new CapturingLogger<RedisEventPublisher>();

        await using (var scope = fixture.Api.Services.CreateAsyncScope())
        await using (var db = new AgentDbContext(scope.ServiceProvider.GetRequiredService<DbContextOptions<AgentDbContext>>(), null,
                         [new RedisEventPublisher(FailingRedis.Create(), logger)]))
        {
            var saved = await db.UpdateSessionAsync(id, s => s.RecordMessage(s.Runs[0].Id, "saved while Redis is down", DateTimeOffset.UtcNow), ct);
            Assert.Equal(3, saved!.LastEventSeq);
        }

        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(id.ToString(), StringComparison.Ordinal));
        var delivered = await client.ReadDurableAsync(3, 3, ct);
        Assert.Equal("saved while Redis is down", delivered[0].GetProperty("data").GetProperty("text").GetString());
    }
}
