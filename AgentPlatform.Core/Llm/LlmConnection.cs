using System.Data.Common;

namespace AgentPlatform.Core.Llm;

/// <summary>
/// The connection string <c>llm</c>: <c>Endpoint=https://host/v1;Key=...;Model=...</c>. Absent means the built-in
/// simulated model (Development only).
/// </summary>
public sealed record LlmConnection(Uri Endpoint, string? Key, string Model)
{
    public const string SimulatedModel = "simulated (built-in; no LLM provider configured)";

    public static LlmConnection? Parse(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return null;
        }

        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Get(string key) => parts.TryGetValue(key, out var v) ? v?.ToString() : null;
        var endpoint = Get("Endpoint");
        var model = Get("Model") ?? Get("Deployment");
        // An absolute path is an absolute file: URI on Unix, which no provider answers: http(s) only.
        if (endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException("ConnectionStrings:llm needs Endpoint=<absolute http(s) URL>.");
        }

        if (string.IsNullOrWhiteSpace(model))
        {
            throw new InvalidOperationException("ConnectionStrings:llm needs Model=<model name>.");
        }

        return new LlmConnection(uri, Get("Key"), model);
    }

    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"Endpoint={Endpoint};Model={Model}";
}
