namespace Microsoft.Extensions.Hosting;

/// <summary>
/// <c>&lt;service&gt; healthcheck [url]</c>: GETs the service's own /health (default <c>http://127.0.0.1:$ASPNETCORE_HTTP_PORTS</c>,
/// 8080 as in the images) and exits 0 when it answers 2xx, 1 otherwise. The images are chiseled (no shell, no curl),
/// so a container engine's health check runs the service's own binary instead.
/// </summary>
public static class HealthProbe
{
    public const string Command = "healthcheck";

    public static bool IsRequested(string[] args) => args is [Command, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var port = (Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS") ?? "8080").Split(';', ',')[0];
        var url = args.Length > 1 ? new Uri(args[1]) : new Uri($"http://127.0.0.1:{port}{Extensions.HealthEndpointPath}");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(url);
            await Console.Out.WriteLineAsync($"{url} answered {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"{url}: {ex.Message}");
            return 1;
        }
    }
}
