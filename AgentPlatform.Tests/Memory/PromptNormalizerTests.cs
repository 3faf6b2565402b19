using AgentPlatform.Worker.Memory;

namespace AgentPlatform.Tests.Memory;

public sealed class PromptNormalizerTests
{
    [Fact]
    public void Runs_of_spaces_trailing_whitespace_and_blank_line_runs_are_collapsed()
    {
        Assert.Equal("Find the\n\nanswer please", PromptNormalizer.Normalize("Find    the   \n\n\n\n  \nanswer\t\tplease   "));
    }

    [Fact]
    public void A_line_repeating_the_one_before_is_dropped()
    {
        Assert.Equal("Summarise this log:\nERROR disk full\nINFO retry",
            PromptNormalizer.Normalize("Summarise this log:\nERROR disk full\nERROR disk full\nERROR disk full\nINFO retry"));
    }

    [Fact]
    public void Indentation_and_repeated_punctuation_lines_of_code_are_kept()
    {
        const string code = "def f(x):\n    if x:\n        return 1\n    return 2\n}\n}";
        Assert.Equal(code, PromptNormalizer.Normalize(code));
    }

    [Fact]
    public void A_prompt_already_normal_is_unchanged()
    {
        const string prompt = "What is the capital of France?\n\nAnswer in one word.";
        Assert.Equal(prompt, PromptNormalizer.Normalize(prompt));
    }
}
