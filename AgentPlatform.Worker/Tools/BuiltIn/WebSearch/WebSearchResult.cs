namespace AgentPlatform.Worker.Tools.BuiltIn.WebSearch;

/// <summary>One hit from an <see cref="IWebSearchProvider"/>.</summary>
public sealed record WebSearchResult(string Title, Uri Url, string Snippet);
