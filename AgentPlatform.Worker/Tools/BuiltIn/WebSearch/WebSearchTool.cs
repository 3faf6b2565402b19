using System.Text;
using System.Text.Json;

namespace AgentPlatform.Worker.Tools.BuiltIn.WebSearch;

/// <summary>web_search: asks the registered <see cref="IWebSearchProvider"/> (the last one registered wins).</summary>
public sealed class WebSearchTool(IEnumerable<IWebSearchProvider> providers) : ExecutableTool
{
    public const int DefaultCount = 5;
    public const int MaxCount = 10;

    private static readonly JsonElement ArgumentsSchemaJson = Schema("""
        {
          "type": "object",
          "properties": {
            "query": { "type": "string", "description": "What to search the web for." },
            "count": { "type": "integer", "minimum": 1, "maximum": 10, "description": "How many results to return (default 5)." }
          },
          "required": ["query"],
          "additionalProperties": false
        }
        """);

    private readonly IWebSearchProvider? _provider = providers.LastOrDefault();

    public override string Name => ToolNames.WebSearch;

    public override string Description =>
        "Searches the web and returns the top results with title, URL and snippet. Use web_fetch to read a result.";

    public override JsonElement ArgumentsSchema => ArgumentsSchemaJson;

    public override bool Available => _provider is not null;

    public override async Task<string> ExecuteAsync(ToolContext context, AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        var provider = _provider ?? throw new ToolException("web_search is not configured here.");
        var query = ToolArguments.RequiredString(arguments, "query").Trim();
        var count = ToolArguments.OptionalInt(arguments, "count") ?? DefaultCount;
        if (query.Length == 0 || count is < 1 or > MaxCount)
        {
            throw new ToolException($"web_search needs a non-empty query and a count from 1 to {MaxCount}.");
        }

        var results = await provider.SearchAsync(query, count, cancellationToken);
        if (results.Count == 0)
        {
            return $"No results for \"{query}\".";
        }

        var text = new StringBuilder($"Results for \"{query}\":\n");
        foreach (var (result, i) in results.Take(count).Select((r, i) => (r, i + 1)))
        {
            text.Append($"\n{i}. {result.Title}\n   {result.Url}\n   {result.Snippet}\n");
        }

        return text.ToString();
    }
}
