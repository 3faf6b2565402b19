using System.Globalization;
using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Tests.Streams;

/// <summary>
/// The safety net for lost Redis messages costs one query per Api process per catch-up interval, not one per
/// subscriber: an Api of its own (so that only this test's subscribers and queries are on it) with a short interval,
/// every query it runs recorded (or failed). Events are written through the fixture's Api.
/// </summary>
[Collection(StreamsCollection.Name)]
public sealed class IdleCatchUpTests(StreamsFixture fixture, LocalInfrastructure infrastructure)
{
    private const int Sessions = 3;
    private const int SubscribersPerSession = 10;
    private const int IntervalsWatched = 10;
    private const string ProbeCategory = "AgentPlatform.Api.Streams.CatchUpProbe";
    private static readonly TimeSpan CatchUpInterval = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task Idle_subscribers_cost_one_head_query_per_interval_and_only_those_behind_read_the_lost_event()
    {
        var ct = TestContext.Current.CancellationToken;
        var queries = new CommandRecorder();
        await using var api = StartApi(services => services.ConfigureDbContext<AgentDbContext>(o => o.AddInterceptors(queries)));

        var user = ApiFixture.NewUser();
        var sessions = new List<Guid>();
        var clients = new List<IStreamClient>();
        try
        {
            for (var s = 0; s < Sessions; s++)
            {
                sessions.Add(await fixture.Writer.CreateSessionAsync(user, ct));
                for (var c = 0; c < SubscribersPerSession; c++)
                {
                    clients.Add(await api.ConnectAsync((Transport)(c % 3), user, sessions[s], after: 2, ct));
                }
            }

            // Past the subscriptions' first reads of the log; then idle.
            await Task.Delay(2 * CatchUpInterval, ct);
            queries.Clear();
            await Task.Delay(IntervalsWatched * CatchUpInterval, ct);
            var idle = queries.Commands;
            Assert.True(idle.Count <= IntervalsWatched + 1,
                $"{clients.Count} idle subscribers made {idle.Count} queries in {IntervalsWatched} intervals: {Sample(idle)}");
            Assert.DoesNotContain(idle, IsLogRead);

            // The lost message of one session reaches its subscribers, and only they read the log for it.
            queries.Clear();
            var lost = await fixture.Writer.AppendAsync(sessions[0], 1, ct, publish: false);
            foreach (var client in clients.Take(SubscribersPerSession))
            {
                await client.ReadDurableAsync(lost, lost, ct, within: 6 * CatchUpInterval);
            }

            await Task.Delay(2 * CatchUpInterval, ct);
            var logReads = queries.Commands.Where(IsLogRead).ToList();
            Assert.InRange(logReads.Count, 1, SubscribersPerSession);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task While_the_database_is_down_the_probe_logs_and_retries_and_the_streams_stay_open()
    {
        var ct = TestContext.Current.CancellationToken;
        var outage = new DatabaseOutage();
        var logs = new CapturingLoggerProvider();
        await using var api = StartApi(services =>
        {
            services.ConfigureDbContext<AgentDbContext>(o => o.AddInterceptors(outage));
            services.AddSingleton<ILoggerProvider>(logs);
        });

        var user = ApiFixture.NewUser();
        var id = await fixture.Writer.CreateSessionAsync(user, ct);
        var clients = new List<IStreamClient>();
        try
        {
            foreach (var transport in Enum.GetValues<Transport>())
            {
                clients.Add(await api.ConnectAsync(transport, user, id, after: 2, ct));
            }

            await Task.Delay(2 * CatchUpInterval, ct);
            outage.Down = true;
            var lost = await fixture.Writer.AppendAsync(id, 1, ct, publish: false);
            await Task.Delay(6 * CatchUpInterval, ct);

            outage.Down = false;
            foreach (var client in clients)
            {
                await client.ReadDurableAsync(lost, lost, ct, within: 6 * CatchUpInterval);
            }

            var failures = logs.Lines.Count(l => l.StartsWith($"Warning {ProbeCategory}:", StringComparison.Ordinal));
            Assert.True(failures >= 2, $"The probe logged {failures} failures while PostgreSQL was down for 6 intervals.");
        }
        finally
        {
            outage.Down = false;
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private StreamsApiFactory StartApi(Action<IServiceCollection> services)
    {
        var api = new StreamsApiFactory(infrastructure, StreamsFixture.Database,
            new Dictionary<string, string?> { ["Streams:CatchUpInterval"] = CatchUpInterval.ToString("c", CultureInfo.InvariantCulture) },
            services);
        api.StartServer();
        return api;
    }

    private static bool IsLogRead(string sql) => sql.Contains("session_events", StringComparison.Ordinal);

    private static string Sample(IReadOnlyList<string> sql) =>
        string.Join(" | ", sql.GroupBy(s => s).Select(g => $"{g.Count()}× {g.Key.ReplaceLineEndings(" ")}").Take(3));
}
