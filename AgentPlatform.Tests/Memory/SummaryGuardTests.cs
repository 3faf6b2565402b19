using AgentPlatform.Worker.Memory;

namespace AgentPlatform.Tests.Memory;

public sealed class SummaryGuardTests
{
    [Theory]
    [InlineData("", 0, null, SummaryGuard.Empty)]
    [InlineData("a fine summary", 700, null, SummaryGuard.TooLong)]
    [InlineData("Same  words here.", 4, "same words here.", SummaryGuard.Repeated)]
    [InlineData("x\nx\nx\nx", 4, null, SummaryGuard.Repeated)]
    [InlineData("A fine summary of what happened.", 7, "An older summary.", null)]
    public void Judges_a_summary(string summary, int tokens, string? previous, string? expected) =>
        Assert.Equal(expected, SummaryGuard.Reject(summary, tokens, maxTokens: 600, replacedTokens: 5_000, previous));

    [Fact]
    public void A_summary_not_shorter_than_what_it_replaces_is_too_long() =>
        Assert.Equal(SummaryGuard.TooLong, SummaryGuard.Reject("a summary", 50, maxTokens: 600, replacedTokens: 50, previousSummary: null));
}
