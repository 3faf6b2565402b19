using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;

namespace AgentPlatform.Tests.Faults;

/// <summary>
/// Measures and reports how long the services took to recover from a fault. Each line goes to the test's output and
/// to <c>AgentPlatform.Tests/TestResults/faults/recovery.txt</c>, which <c>./test.sh</c> prints after the summary.
/// </summary>
public static class Recovery
{
    private static readonly Lock FileLock = new();

    public static string ReportPath => Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "TestResults", "faults", "recovery.txt"));

    /// <summary>
    /// From <paramref name="faultEnd"/> until every running Api replica answers a create (<c>POST /sessions</c>: a
    /// transaction, then its job enqueued and its event published), a read of PostgreSQL (<c>GET /sessions</c>) and one
    /// of Redis (<c>GET /tools</c>), each within 3 s.
    /// </summary>
    public static async Task<TimeSpan> UntilRequestsSucceedAsync(FaultStack stack, long faultEnd, CancellationToken ct)
    {
        var user = ApiFixture.NewUser("probe");
        for (var replica = 0; replica < FaultStack.Replicas; replica++)
        {
            using var client = stack.Client(user, replica);
            client.Timeout = TimeSpan.FromSeconds(3);
            await Poll.UntilAsync(async () => await SucceedsAsync(client, "/api/v1/sessions?limit=1", ct) && await SucceedsAsync(client, "/api/v1/tools", ct)
                    && await CreatesAsync(client, ct),
                ok => ok, TimeSpan.FromSeconds(60), ct);
        }

        return Stopwatch.GetElapsedTime(faultEnd);
    }

    /// <param name="firstRequest">Until requests succeed again, when the fault touched the Api's dependencies.</param>
    /// <param name="nextEvent">Until the slowest affected run's next event reached its client.</param>
    public static void Report(string fault, TimeSpan? firstRequest, TimeSpan nextEvent, string detail = "")
    {
        var requests = firstRequest is { } r ? string.Create(CultureInfo.InvariantCulture, $"requests succeed after {r.TotalSeconds:F2} s, ") : "";
        var line = string.Create(CultureInfo.InvariantCulture,
            $"fault {fault}: {requests}next event after {nextEvent.TotalSeconds:F2} s{(detail.Length > 0 ? " (" + detail + ")" : "")}");
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        lock (FileLock)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(ReportPath)!);
            File.AppendAllLines(ReportPath, [line]);
        }
    }

    private static async Task<bool> CreatesAsync(HttpClient client, CancellationToken ct)
    {
        try
        {
            using var response = await client.PostAsJsonAsync("/api/v1/sessions", new { prompt = "probe", taskType = "simple_query" }, ct);
            return response.StatusCode == HttpStatusCode.Created;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async Task<bool> SucceedsAsync(HttpClient client, string path, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync(path, ct);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
