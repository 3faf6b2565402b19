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
    public async Task Without_a_provider_the_tool_is_unavailable_and_refuses_to_run()
    {
        var tool = new WebSearchTool([]);

        Assert.False(tool.Available);
        var error = await Assert.ThrowsAsync<ToolException>(() =>
            tool.ExecuteAsync(Context, new AIFunctionArguments { ["query"] = "aspire" }, TestContext.Current.CancellationToken));
        Assert.Equal("web_search is not configured here.", error.Message);
    }

    [Fact]
    public async Task The_query_is_trimmed_the_count_defaults_to_five_and_the_last_provider_wins()
    {
        var first = new RecordingProvider();
        var last = new RecordingProvider();
        var tool = new WebSearchTool([first, last]);

        await tool.ExecuteAsync(Context, new AIFunctionArguments { ["query"] = "  aspire  " }, TestContext.Current.CancellationToken);

        Assert.Null(first.LastCall);
        Assert.Equal(("aspire", WebSearchTool.DefaultCount), last.LastCall);
    }

    [Fact]
    public async Task A_missing_query_is_refused_and_no_results_are_said_so()
    {
        var tool = new WebSearchTool([new RecordingProvider(results: 0)]);
        var ct = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<ToolException>(() => tool.ExecuteAsync(Context, new AIFunctionArguments(), ct));
        Assert.Equal("No results for \"nothing\".", await tool.ExecuteAsync(Context, new AIFunctionArguments { ["query"] = "nothing" }, ct));
    }

    [Fact]
    public async Task A_provider_that_returns_too_many_results_is_cut_at_the_count()
    {
        var tool = new WebSearchTool([new RecordingProvider(results: 4)]);

        var text = await tool.ExecuteAsync(Context, new AIFunctionArguments { ["query"] = "aspire", ["count"] = 2 }, TestContext.Current.CancellationToken);

        Assert.Contains("2. Result 2", text);
        Assert.DoesNotContain("3. Result 3", text);
    }

    [Theory]
    [InlineData("""{"query":"aspire"}""", true)]
    [InlineData("""{"query":"aspire","count":1}""", true)]
    [InlineData("""{"query":"aspire","count":10}""", true)]
    [InlineData("""{"query":"aspire","count":0}""", false)]
    [InlineData("""{"query":"aspire","count":11}""", false)]
    [InlineData("""{"query":"aspire","count":"5"}""", false)]
    [InlineData("""{"query":5}""", false)]
    [InlineData("""{"count":5}""", false)]
    [InlineData("""{"query":"aspire","site":"example.com"}""", false)]
    public void The_advertised_schema_accepts_what_the_tool_runs_and_nothing_else(string arguments, bool valid)
    {
        var schema = Json.Schema.JsonSchema.FromText(new WebSearchTool([]).ArgumentsSchema.GetRawText());

        Assert.Equal(valid, schema.Evaluate(System.Text.Json.Nodes.JsonNode.Parse(arguments)).IsValid);
        Assert.Equal(WebSearchTool.MaxCount, new WebSearchTool([]).ArgumentsSchema.GetProperty("properties").GetProperty("count").GetProperty("maximum").GetInt32());
    }

    private sealed class RecordingProvider(int? results = null) : IWebSearchProvider
    {
        public (string Query, int Count)? LastCall { get; private set; }

        public Task<IReadOnlyList<WebSearchResult>> SearchAsync(string query, int count, CancellationToken cancellationToken)
        {
            LastCall = (query, count);
            return Task.FromResult<IReadOnlyList<WebSearchResult>>(
                [.. Enumerable.Range(1, results ?? count).Select(i => new WebSearchResult($"Result {i}", new Uri($"https://example.com/{i}"), $"About {query}"))]);
        }
    }
}
