using AgentPlatform.Api.Tools;
using AgentPlatform.Core.Tools;

namespace AgentPlatform.Tests.Tools;

public sealed class ToolStateMergeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(CircuitState.Closed, CircuitState.Closed, CircuitState.Closed)]
    [InlineData(CircuitState.Closed, CircuitState.Open, CircuitState.Open)]
    [InlineData(CircuitState.Open, CircuitState.Closed, CircuitState.Open)]
    [InlineData(CircuitState.HalfOpen, CircuitState.Closed, CircuitState.HalfOpen)]
    [InlineData(CircuitState.Open, CircuitState.HalfOpen, CircuitState.Open)]
    [InlineData(CircuitState.HalfOpen, CircuitState.Open, CircuitState.Open)]
    public void The_circuit_is_the_worst_of_the_workers(CircuitState first, CircuitState second, CircuitState merged)
    {
        var states = ToolStateMerge.Merge([State("web_fetch", first, T0), State("web_fetch", second, T0.AddSeconds(1))]);

        Assert.Equal(merged, Assert.Single(states).Circuit);
    }

    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    public void A_tool_is_available_when_any_worker_has_it(bool first, bool second, bool merged)
    {
        var states = ToolStateMerge.Merge([State("web_search", available: first), State("web_search", available: second)]);

        Assert.Equal(merged, Assert.Single(states).Available);
    }

    [Fact]
    public void UpdatedAt_and_description_come_from_the_latest_state_whichever_order_they_arrive_in()
    {
        var older = State("web_fetch", CircuitState.Open, T0) with { Description = "old" };
        var newer = State("web_fetch", CircuitState.Closed, T0.AddMinutes(1)) with { Description = "new" };

        var merged = Assert.Single(ToolStateMerge.Merge([newer, older]));

        Assert.Equal((T0.AddMinutes(1), "new", CircuitState.Open), (merged.UpdatedAt, merged.Description, merged.Circuit));
    }

    [Fact]
    public void Each_tool_is_listed_once_in_name_order()
    {
        var states = ToolStateMerge.Merge([
            State("web_fetch"), State("ask_human"), State("web_fetch"), State("terminate", CircuitState.Open), State("ask_human"),
        ]);

        Assert.Equal(["ask_human", "terminate", "web_fetch"], states.Select(s => s.Name));
        Assert.Equal(CircuitState.Open, states.Single(s => s.Name == "terminate").Circuit);
    }

    [Fact]
    public void No_workers_means_no_tools()
    {
        Assert.Empty(ToolStateMerge.Merge([]));
    }

    private static ToolState State(string name, CircuitState circuit = CircuitState.Closed, DateTimeOffset? at = null, bool available = true) =>
        new(name, "a tool", available, circuit, at ?? T0);
}
