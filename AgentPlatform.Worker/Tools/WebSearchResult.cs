namespace AgentPlatform.Worker.Tools;

/// <summary>One hit from an <see cref="IWebSearchProvider"/>.</summary>
public sealed record WebSearchResult(string Title, Uri Url, string Snippet);
