using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class DataLayerIsolationTests(ApiFixture fixture)
{
    private sealed record Owner(string? OwnerId) : ISessionOwner;

    [Fact]
    public async Task A_context_for_one_owner_sees_none_of_another_owners_sessions_runs_or_events()
    {
        var ct = TestContext.Current.CancellationToken;
        var alice = ApiFixture.NewUser("alice");
        var bob = ApiFixture.NewUser("bob");
        using var aliceClient = fixture.Client(alice);
        var created = await aliceClient.CreateSessionAsync("alice's secret", ct);
        var sessionId = Guid.Parse(created.Id());
        var options = new DbContextOptionsBuilder<AgentDbContext>()
            .UseNpgsql(fixture.Infrastructure.Database("api_tests")).UseSnakeCaseNamingConvention().Options;

        await using var asBob = new AgentDbContext(options, new Owner(bob));
        await using var asAlice = new AgentDbContext(options, new Owner(alice));
        await using var asNobody = new AgentDbContext(options, new Owner(""));

        Assert.False(await asBob.Sessions.AnyAsync(s => s.Id == sessionId, ct));
        Assert.False(await asBob.Runs.AnyAsync(r => r.SessionId == sessionId, ct));
        Assert.False(await asBob.Events.AnyAsync(e => e.SessionId == sessionId, ct));
        Assert.False(await asNobody.Sessions.AnyAsync(ct));
        Assert.True(await asAlice.Sessions.AnyAsync(s => s.Id == sessionId, ct));
        Assert.True(await asAlice.Events.AnyAsync(e => e.SessionId == sessionId, ct));
    }
}
