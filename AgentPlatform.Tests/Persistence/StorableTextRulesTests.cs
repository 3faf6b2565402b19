using AgentPlatform.Core.Persistence;

namespace AgentPlatform.Tests.Persistence;

/// <summary>What PostgreSQL cannot store (NUL, a lone surrogate, and their JSON escapes) and how it is replaced.</summary>
public sealed class StorableTextRulesTests
{
    // Built in code: an attribute's strings are stored as UTF-8, which has no lone surrogates.
    private const char High = '\ud83d';
    private const char Low = '\ude00';

    [Fact]
    public void Text_is_storable_unless_it_has_a_NUL_or_a_surrogate_without_its_pair()
    {
        Assert.True(StorableText.IsStorable(""));
        Assert.True(StorableText.IsStorable("plain"));
        Assert.True(StorableText.IsStorable($"pair {High}{Low} ok"));
        Assert.True(StorableText.IsStorable($"{High}{Low}{High}{Low}"));
        Assert.False(StorableText.IsStorable("nul \0"));
        Assert.False(StorableText.IsStorable($"high at the end {High}"));
        Assert.False(StorableText.IsStorable($"high before text {High}x"));
        Assert.False(StorableText.IsStorable($"two highs {High}{High}"));
        Assert.False(StorableText.IsStorable($"lone low {Low}"));
        Assert.False(StorableText.IsStorable($"{Low}{High}"));
    }

    [Fact]
    public void Sanitize_replaces_each_NUL_and_lone_surrogate_and_keeps_pairs()
    {
        (string Text, string Expected)[] cases =
        [
            ($"pair {High}{Low} \0", $"pair {High}{Low} \ufffd"),
            ($"a{High}", "a\ufffd"),
            ($"{High}x{Low}", "\ufffdx\ufffd"),
            ($"{High}{High}{Low}", $"\ufffd{High}{Low}"),
            ($"{Low}{High}", "\ufffd\ufffd"),
        ];

        foreach (var (text, expected) in cases)
        {
            Assert.Equal(expected, StorableText.Sanitize(text));
            Assert.True(StorableText.IsStorable(StorableText.Sanitize(text)));
        }
    }

    [Fact]
    public void Storable_text_is_returned_as_is()
    {
        const string text = "fine \ud83d\ude00";

        Assert.Same(text, StorableText.Sanitize(text));
        Assert.Same(text, StorableText.SanitizeJson(text));
    }

    [Theory]
    [InlineData("""{"a":"x\u0000y"}""", """{"a":"x\ufffdy"}""")]
    [InlineData("""{"a":"\ud83d"}""", """{"a":"\ufffd"}""")]
    [InlineData("""{"a":"\ude00"}""", """{"a":"\ufffd"}""")]
    [InlineData("""{"a":"\ud83d\ude00"}""", """{"a":"\ud83d\ude00"}""")]
    [InlineData("""{"a":"\\u0000"}""", """{"a":"\\u0000"}""")]
    [InlineData("""{"a":"\\\u0000"}""", """{"a":"\\\ufffd"}""")]
    [InlineData("""{"a":"\u00e9"}""", """{"a":"\u00e9"}""")]
    public void SanitizeJson_replaces_the_escapes_jsonb_refuses_and_not_an_escaped_backslash(string json, string expected)
    {
        Assert.Equal(expected, StorableText.SanitizeJson(json));
    }
}
