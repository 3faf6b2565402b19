using AgentPlatform.Core.Agents;

namespace AgentPlatform.Tests.Approvals;

/// <summary>RequireApproval and ReviewPlan are checked at start, and a failure names the key.</summary>
public sealed class AgentProfilesValidatorTests
{
    private static AgentProfiles With(Action<AgentProfile> change)
    {
        var profiles = new AgentProfiles();
        change(profiles.Profiles["general"]);
        return profiles;
    }

    [Fact]
    public void Tool_names_and_server_patterns_pass_and_the_defaults_pass()
    {
        Assert.True(new AgentProfilesValidator().Validate(null, new AgentProfiles()).Succeeded);
        var profiles = With(p => p.RequireApproval = ["file_editor", "files__*", "my-server__write_file"]);

        Assert.True(new AgentProfilesValidator().Validate(null, profiles).Succeeded);
        Assert.True(profiles.Profiles["general"].RequiresApproval("files__read"));
        Assert.True(profiles.Profiles["general"].RequiresApproval("file_editor"));
        Assert.False(profiles.Profiles["general"].RequiresApproval("files_read"));
        Assert.False(profiles.Profiles["general"].RequiresApproval("web_fetch"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("web fetch")]
    [InlineData("files__*__x")]
    [InlineData("files*")]
    public void A_bad_pattern_is_refused_naming_its_key(string pattern)
    {
        var result = new AgentProfilesValidator().Validate(null, With(p => p.RequireApproval = ["web_fetch", pattern]));

        Assert.True(result.Failed);
        Assert.Contains("Agents:Profiles:general:RequireApproval:1", result.FailureMessage);
    }

    [Fact]
    public void ReviewPlan_without_planning_is_refused()
    {
        var result = new AgentProfilesValidator().Validate(null, With(p => (p.Planning, p.ReviewPlan) = (false, true)));

        Assert.True(result.Failed);
        Assert.Contains("Agents:Profiles:general:ReviewPlan", result.FailureMessage);
    }
}
