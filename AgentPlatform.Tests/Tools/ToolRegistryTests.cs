using AgentPlatform.Core.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;
using CircuitState = AgentPlatform.Core.Tools.CircuitState;

namespace AgentPlatform.Tests.Tools;

public sealed class ToolRegistryTests
{
    private const int MinimumThroughput = 3;
    private static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);

    private readonly ManualClock _clock = new();
    private readonly ToolContext _context = new(Guid.NewGuid());
    private readonly FakeTool _tool = new();
    private readonly List<ToolState> _transitions = [];

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_then_rejects_calls_without_running_the_tool()
    {
        var registry = Registry(_tool);
        _tool.Fail();

        for (var i = 1; i < MinimumThroughput; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => InvokeAsync(registry));
            Assert.Equal(CircuitState.Closed, StateOf(registry, "fake"));
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => InvokeAsync(registry));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => InvokeAsync(registry));

        Assert.Equal(CircuitState.Open, StateOf(registry, "fake"));
        Assert.Equal(MinimumThroughput, _tool.Calls);
        var opened = Assert.Single(_transitions);
        Assert.Equal(("fake", CircuitState.Open), (opened.Name, opened.Circuit));
    }

    [Fact]
    public async Task An_open_tool_is_withheld_from_the_offer_with_a_note()
    {
        var healthy = new FakeTool("healthy");
        var registry = Registry(_tool, healthy);
        await OpenAsync(registry);

        var offer = registry.GetOffer(_context);

        Assert.Equal(["healthy"], offer.Tools.Select(t => t.Name));
        Assert.Equal(["fake"], offer.Withheld);
        Assert.Contains("fake (failing", offer.Note);
    }

    [Fact]
    public async Task Reset_closes_the_circuit_and_the_tool_is_offered_and_runs_again()
    {
        var registry = Registry(_tool);
        await OpenAsync(registry);
        _tool.Succeed();

        Assert.True(await registry.ResetAsync("fake", TestContext.Current.CancellationToken));

        Assert.Equal(CircuitState.Closed, StateOf(registry, "fake"));
        Assert.Equal([CircuitState.Open, CircuitState.Closed], _transitions.Select(t => t.Circuit));
        Assert.Equal(["fake"], registry.GetOffer(_context).Tools.Select(t => t.Name));
        Assert.Null(registry.GetOffer(_context).Note);
        Assert.Equal("ok", await InvokeAsync(registry));
    }

    [Fact]
    public async Task Resetting_an_unknown_tool_says_so()
    {
        var registry = Registry(_tool);

        Assert.False(await registry.ResetAsync("nope", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Wrong_calls_do_not_count_against_the_circuit()
    {
        var registry = Registry(_tool);
        _tool.Behavior = _ => throw new ToolException("bad arguments");

        for (var i = 0; i < MinimumThroughput * 3; i++)
        {
            await Assert.ThrowsAsync<ToolException>(() => InvokeAsync(registry));
        }

        Assert.Equal(CircuitState.Closed, StateOf(registry, "fake"));
        Assert.Empty(_transitions);
    }

    [Fact]
    public async Task A_call_that_runs_past_the_tool_timeout_fails_and_counts()
    {
        var slow = new FakeTool { CallTimeout = TimeSpan.FromMilliseconds(50), Behavior = async ct => { await Task.Delay(Timeout.Infinite, ct); return "never"; } };
        var registry = Registry(slow);

        for (var i = 0; i < MinimumThroughput; i++)
        {
            await Assert.ThrowsAsync<TimeoutRejectedException>(() => InvokeAsync(registry));
        }

        Assert.Equal(CircuitState.Open, StateOf(registry, "fake"));
    }

    [Fact]
    public async Task After_the_break_the_tool_is_offered_again_and_a_good_trial_call_closes_it()
    {
        var registry = Registry(_tool);
        await OpenAsync(registry);
        _tool.Succeed();

        _clock.Advance(BreakDuration - TimeSpan.FromSeconds(1));
        Assert.Empty(registry.GetOffer(_context).Tools);
        _clock.Advance(TimeSpan.FromSeconds(2));
        var function = Assert.IsAssignableFrom<AIFunction>(Assert.Single(registry.GetOffer(_context).Tools));
        var result = await function.InvokeAsync(new AIFunctionArguments(), TestContext.Current.CancellationToken);

        Assert.Equal("ok", result);
        Assert.Equal([CircuitState.Open, CircuitState.HalfOpen, CircuitState.Closed], _transitions.Select(t => t.Circuit));
    }

    [Fact]
    public async Task Calls_through_the_offered_function_go_through_the_breaker()
    {
        var registry = Registry(_tool);
        _tool.Fail();
        var function = Assert.IsAssignableFrom<AIFunction>(Assert.Single(registry.GetOffer(_context).Tools));

        for (var i = 0; i < MinimumThroughput; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => function.InvokeAsync(new AIFunctionArguments(), TestContext.Current.CancellationToken).AsTask());
        }

        Assert.Equal(CircuitState.Open, StateOf(registry, "fake"));
    }

    [Fact]
    public async Task Long_output_is_cut_with_a_marker()
    {
        var tool = new FakeTool { OutputCap = 100, Behavior = _ => Task.FromResult(new string('a', 250)) };
        var registry = Registry(tool);

        var output = await InvokeAsync(registry);

        Assert.StartsWith(new string('a', 100) + "\n\n[output truncated: showing the first 100 of 250 characters]", output);
        Assert.DoesNotContain(new string('a', 101), output);
    }

    [Fact]
    public async Task Control_tools_are_declared_and_unavailable_tools_withheld()
    {
        var registry = Registry(_tool, new AskHumanTool(), new TerminateTool(), new WebSearchTool([]));

        var offer = registry.GetOffer(_context);

        Assert.Equal(["fake", "ask_human", "terminate"], offer.Tools.Select(t => t.Name));
        Assert.All(offer.Tools.Where(t => t.Name != "fake"), t => Assert.IsNotAssignableFrom<AIFunction>(t));
        Assert.Equal(["web_search"], offer.Withheld);
        Assert.Contains("web_search (not configured)", offer.Note);
        Assert.False(registry.GetStates().Single(s => s.Name == "web_search").Available);
        await Assert.ThrowsAsync<ToolException>(() => registry.InvokeAsync("terminate", _context, [], TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ToolException>(() => registry.InvokeAsync("web_search", _context, [], TestContext.Current.CancellationToken));
    }

    private ToolRegistry Registry(params AgentTool[] tools)
    {
        var options = new ToolCircuitBreakerOptions
        {
            FailureRatio = 0.5,
            MinimumThroughput = MinimumThroughput,
            SamplingDuration = TimeSpan.FromMinutes(1),
            BreakDuration = BreakDuration,
        };
        var registry = new ToolRegistry(tools, Options.Create(options), _clock, NullLogger<ToolRegistry>.Instance);
        registry.CircuitChanged += (_, state) => _transitions.Add(state);
        return registry;
    }

    private async Task OpenAsync(ToolRegistry registry)
    {
        _tool.Fail();
        for (var i = 0; i < MinimumThroughput; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => InvokeAsync(registry));
        }

        Assert.Equal(CircuitState.Open, StateOf(registry, "fake"));
    }

    private Task<string> InvokeAsync(ToolRegistry registry) =>
        registry.InvokeAsync("fake", _context, [], TestContext.Current.CancellationToken);

    private static CircuitState StateOf(ToolRegistry registry, string name) => registry.GetStates().Single(s => s.Name == name).Circuit;
}
