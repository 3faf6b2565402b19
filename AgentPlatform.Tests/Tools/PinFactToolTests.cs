using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Tools;

public sealed class PinFactToolTests
{
    private static readonly ToolContext Context = new(Guid.NewGuid());

    [Fact]
    public async Task A_fact_is_pinned_trimmed_from_a_string_or_json()
    {
        var tool = new PinFactTool();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("Pinned: the port is 8080", await tool.ExecuteAsync(Context, new AIFunctionArguments { ["fact"] = " the port is 8080 " }, ct));
        Assert.Equal("Pinned: x", await tool.ExecuteAsync(Context, new AIFunctionArguments { ["fact"] = JsonDocument.Parse("\" x\"").RootElement }, ct));
    }

    [Fact]
    public async Task A_missing_blank_or_null_fact_is_refused()
    {
        var tool = new PinFactTool();
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ToolException>(() => tool.ExecuteAsync(Context, new AIFunctionArguments(), ct));
        await Assert.ThrowsAsync<ToolException>(() => tool.ExecuteAsync(Context, new AIFunctionArguments { ["fact"] = "  " }, ct));
        await Assert.ThrowsAsync<ToolException>(() => tool.ExecuteAsync(Context, new AIFunctionArguments { ["fact"] = null }, ct));
        Assert.Null(PinFactTool.Fact(null));
    }

    [Fact]
    public void A_non_string_value_is_read_as_its_text()
    {
        Assert.Equal("42", PinFactTool.Fact(new Dictionary<string, object?> { ["fact"] = 42 }));
        Assert.Equal("42", PinFactTool.Fact(new Dictionary<string, object?> { ["fact"] = JsonDocument.Parse("42").RootElement }));
    }
}
