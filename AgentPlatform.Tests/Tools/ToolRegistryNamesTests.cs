using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Tests.Tools;

/// <summary>The registry's names are unique: a second tool of a name is refused, and an unknown name is an error.</summary>
public sealed class ToolRegistryNamesTests
{
    [Fact]
    public void Two_built_in_tools_of_one_name_stop_the_start()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Registry(new FakeTool("twin"), new FakeTool("twin")));

        Assert.Equal("Two tools are named 'twin'.", error.Message);
    }

    [Fact]
    public void A_tool_added_under_a_taken_name_is_refused_and_the_first_one_kept()
    {
        var first = new FakeTool("shared");
        var registry = Registry(first);

        Assert.False(registry.Add(new FakeTool("shared")));
        Assert.True(registry.Add(new FakeTool("other")));

        Assert.Same(first, registry.Tools.Single(t => t.Name == "shared"));
        Assert.Equal(["shared", "other"], registry.Tools.Select(t => t.Name));
    }

    [Fact]
    public async Task A_removed_tool_is_gone_and_removing_it_again_says_there_was_none()
    {
        var registry = Registry(new FakeTool("gone"));

        Assert.True(registry.Remove("gone"));
        Assert.False(registry.Remove("gone"));

        Assert.Empty(registry.Tools);
        var error = await Assert.ThrowsAsync<ToolException>(() =>
            registry.InvokeAsync("gone", new ToolContext(Guid.NewGuid()), new AIFunctionArguments(), TestContext.Current.CancellationToken));
        Assert.Equal("There is no tool named 'gone'.", error.Message);
    }

    private static ToolRegistry Registry(params AgentTool[] tools) =>
        new(tools, Options.Create(new ToolCircuitBreakerOptions()), TimeProvider.System, NullLogger<ToolRegistry>.Instance);
}
