using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentPlatform.Tests.Tools;

public sealed class ToolServiceExtensionsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("agentplatform-tools-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void AddAgentTools_puts_the_six_tools_behind_one_registry_and_web_search_needs_a_provider()
    {
        using var host = Build(_ => { });

        var registry = host.Services.GetRequiredService<ToolRegistry>();

        Assert.Same(registry, host.Services.GetRequiredService<ToolRegistry>());
        Assert.Equal(
            [ToolNames.WebFetch, ToolNames.FileEditor, ToolNames.WebSearch, ToolNames.AskHuman, ToolNames.Terminate, ToolNames.PinFact],
            registry.GetStates().Select(s => s.Name));
        Assert.Equal([ToolNames.WebSearch], registry.GetStates().Where(s => !s.Available).Select(s => s.Name));
        Assert.IsType<PublicAddressPolicy>(host.Services.GetRequiredService<IWebAddressPolicy>());
    }

    [Fact]
    public void A_registered_search_provider_makes_web_search_available()
    {
        using var host = Build(services => services.AddSingleton<IWebSearchProvider, NoResultsProvider>());

        var registry = host.Services.GetRequiredService<ToolRegistry>();

        Assert.True(registry.GetStates().Single(s => s.Name == ToolNames.WebSearch).Available);
        Assert.Contains(ToolNames.WebSearch, registry.GetOffer(new ToolContext(Guid.NewGuid())).Tools.Select(t => t.Name));
    }

    [Fact]
    public void Circuit_breaker_settings_are_validated()
    {
        using var host = Build(_ => { }, ("Tools:CircuitBreaker:FailureRatio", "2"));

        Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ToolCircuitBreakerOptions>>().Value);
    }

    [Theory]
    [InlineData("00:00:20", "00:00:30")]
    [InlineData("00:00:00", "00:01:00")]
    [InlineData("00:00:20", "00:00:00.1")]
    public void Tool_state_heartbeat_settings_are_validated_and_the_time_to_live_covers_a_missed_heartbeat(string heartbeat, string timeToLive)
    {
        using var host = Build(_ => { }, ("Tools:States:HeartbeatInterval", heartbeat), ("Tools:States:TimeToLive", timeToLive));

        Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<ToolStateOptions>>().Value);
    }

    [Fact]
    public void Tool_states_default_to_a_20_second_heartbeat_and_a_minute_to_live()
    {
        using var host = Build(_ => { });

        var options = host.Services.GetRequiredService<IOptions<ToolStateOptions>>().Value;

        Assert.Equal((TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60)), (options.HeartbeatInterval, options.TimeToLive));
    }

    private IHost Build(Action<IServiceCollection> configure, params (string Key, string Value)[] settings)
    {
        // Development validates every registration on Build.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration["Tools:WorkspaceRoot"] = _root;
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => throw new InvalidOperationException("Redis is not used here."));
        configure(builder.Services);
        builder.AddAgentTools();
        return builder.Build();
    }

    private sealed class NoResultsProvider : IWebSearchProvider
    {
        public Task<IReadOnlyList<WebSearchResult>> SearchAsync(string query, int count, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<WebSearchResult>>([]);
    }
}
