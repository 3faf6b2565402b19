namespace AgentPlatform.Worker.Tools.BuiltIn.WebSearch;

/// <summary>A search engine behind web_search. Register one to make the tool available; without one it is withheld.</summary>
public interface IWebSearchProvider
{
    Task<IReadOnlyList<WebSearchResult>> SearchAsync(string query, int count, CancellationToken cancellationToken);
}
