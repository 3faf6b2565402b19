using System.ComponentModel.DataAnnotations;
using AgentPlatform.Worker.Memory;

namespace AgentPlatform.Tests.Memory;

public sealed class CompactionOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(Validate(new CompactionOptions()));
    }

    [Theory]
    [InlineData(0.5, 0.5)]
    [InlineData(0.5, 0.6)]
    public void A_target_not_below_the_threshold_is_refused_naming_both(double threshold, double target)
    {
        var result = Assert.Single(Validate(new CompactionOptions { ThresholdRatio = threshold, TargetRatio = target }));
        Assert.Equal([nameof(CompactionOptions.TargetRatio), nameof(CompactionOptions.ThresholdRatio)], result.MemberNames);
    }

    [Fact]
    public void A_range_breach_is_refused()
    {
        var result = Assert.Single(Validate(new CompactionOptions { ContextWindowTokens = 999 }));
        Assert.Equal([nameof(CompactionOptions.ContextWindowTokens)], result.MemberNames);
    }

    private static List<ValidationResult> Validate(CompactionOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
