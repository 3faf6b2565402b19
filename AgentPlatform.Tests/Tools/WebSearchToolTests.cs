using Microsoft.Extensions.AI;

namespace AgentPlatform.Tests.Tools;

public sealed class WebSearchToolTests
{
    private static readonly ToolContext Context = new(Guid.NewGuid());

    [Fact]
    public async Task Results_from_the_provider_are_listed_with_title_url_and_snippet()
    {
        var provider = new RecordingProvider();
        var tool = new WebSearchTool([provider]);

        var text = await tool.ExecuteAsync(Context, new AIFunctionArguments { ["query"] = "aspire", ["count"] = 2 }, TestContext.Current.CancellationToken);

        Assert.True(tool.Available);
        Assert.Equal(("aspire", 2), provider.LastCall);
        Assert.Equal("Results for \"aspire\":\n\n1. Result 1\n   https://example.com/1\n   About aspire\n\n2. Result 2\n   https://example.com/2\n   About aspire\n", text);
    }

    [Theory]
    [InlineData("", 5)]
    [InlineData("aspire", 0)]
    [InlineData("aspire", 11)]
    public async Task An_empty_query_or_a_count_out_of_range_is_refused(string query, int count)
    {
        var tool = new WebSearchTool([new RecordingProvider()]);

        await Assert.ThrowsAsync<ToolException>(() =>
            tool.ExecuteAsync(Context, new AIFunctionArguments { ["query"] = query, ["count"] = count }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Without_a_provider_the_tool_is_unavailable()
    {
        Assert.False(new WebSearchTool([]).Available);
    }

    private sealed class RecordingProvider : IWebSearchProvider
    {
        public (string Query, int Count)? LastCall { get; private set; }

        public Task<IReadOnlyList<WebSearchResult>> SearchAsync(string query, int count, CancellationToken cancellationToken)
        {
            LastCall = (query, count);
            return Task.FromResult<IReadOnlyList<WebSearchResult>>(
                [.. Enumerable.Range(1, count).Select(i => new WebSearchResult($"Result {i}", new Uri($"https://example.com/{i}"), $"About {query}"))]);
        }
    }
}
