using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Streams;

/// <summary>
/// The Api on Kestrel (a real loopback socket) against the real PostgreSQL and Redis. The streams need a real socket:
/// TestServer's WebSocket queues every frame without bound, so a client that stops reading could never be seen as slow.
/// </summary>
public sealed class StreamsApiFactory : WebApplicationFactory<AgentPlatform.Api.Sessions.SessionDto>
{
    private readonly LocalInfrastructure _infrastructure;
    private readonly string _database;
    private readonly IDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Changes to the Api's services after its own registrations (e.g. a test's interceptor).</param>
    public StreamsApiFactory(LocalInfrastructure infrastructure, string database, IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        _infrastructure = infrastructure;
        _database = database;
        _settings = settings;
        _services = services;
        UseKestrel(0);
    }

    /// <summary>http://127.0.0.1:port/ once the server has started.</summary>
    public Uri BaseAddress
    {
        get
        {
            return new UriBuilder(Services.ListeningAddress()) { Host = "127.0.0.1", Path = "/" }.Uri;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:agentdb", _infrastructure.Database(_database));
        builder.UseSetting("ConnectionStrings:redis", _infrastructure.RedisConnectionString);
        builder.UseSetting("Auth:SigningKey", TestTokens.SigningKey);
        builder.UseSetting("RateLimiting:PermitLimit", "100000");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    /// <summary>An HttpClient over the socket, with the user's token unless null; no timeout (streams are long).</summary>
    public HttpClient ClientFor(string? user, TimeSpan? tokenLifetime = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (user is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Create(user, lifetime: tokenLifetime));
        }

        return client;
    }
}
