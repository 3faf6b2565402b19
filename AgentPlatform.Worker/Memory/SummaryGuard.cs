namespace AgentPlatform.Worker.Memory;

/// <summary>
/// Rejects a summary that would hurt: empty, too long (over the cap, or not shorter than what it replaces), or repeated
/// (the previous summary again, or the same line over and over). A rejected summary makes the pipeline fall back to
/// masking plus a sliding window.
/// </summary>
public static class SummaryGuard
{
    public const string Empty = "empty";
    public const string TooLong = "too_long";
    public const string Repeated = "repeated";

    /// <returns>Null when the summary is acceptable, else why not.</returns>
    public static string? Reject(string summary, int summaryTokens, int maxTokens, int replacedTokens, string? previousSummary)
    {
        if (string.IsNullOrWhiteSpace(summary))
        {
            return Empty;
        }

        if (summaryTokens > maxTokens || summaryTokens >= replacedTokens)
        {
            return TooLong;
        }

        if (previousSummary is not null && Normalized(previousSummary) == Normalized(summary))
        {
            return Repeated;
        }

        var lines = summary.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length >= 4 && lines.Distinct(StringComparer.OrdinalIgnoreCase).Count() * 2 <= lines.Length ? Repeated : null;
    }

    private static string Normalized(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
}
