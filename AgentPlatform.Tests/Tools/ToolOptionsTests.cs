using AgentPlatform.Worker.Tools;

namespace AgentPlatform.Tests.Tools;

public sealed class ToolOptionsTests
{
    [Theory]
    [InlineData("root", null, "/home/x", "/var/lib/agentplatform")]
    [InlineData("ada", null, "/home/ada", "/home/ada/.local/state/agentplatform")]
    [InlineData("ada", " ", "/home/ada", "/home/ada/.local/state/agentplatform")]
    [InlineData("ada", "/srv/state", "/home/ada", "/srv/state/agentplatform")]
    [InlineData(null, "/srv/state", "/home/ada", "/srv/state/agentplatform")]
    public void The_state_folder_is_chosen_like_the_AppHost_chooses_it(string? user, string? xdg, string home, string expected) =>
        Assert.Equal(expected, ToolOptions.DefaultStateDirectory(user, xdg, home));

    [Fact]
    public void The_default_workspace_root_is_in_the_state_folder_never_under_tmp()
    {
        var root = new ToolOptions().WorkspaceRoot;

        Assert.Equal(Path.Combine(ToolOptions.DefaultStateDirectory(), "workspaces"), root);
        Assert.False(root.StartsWith(Path.GetTempPath(), StringComparison.Ordinal), root);
    }
}
