using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Tests.Tools;

/// <summary>
/// The file editor's workspace against a hostile file system (issue #12, finding 11): a planted root, a symbolic link
/// swapped in between the check and the open, hard links, FIFOs, and a full workspace.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FileEditorHardeningTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly string _temp = Directory.CreateTempSubdirectory("agentplatform-hardening-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("agentplatform-outside-").FullName;
    private readonly ToolContext _session = new(Guid.NewGuid());
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public FileEditorHardeningTests() => File.WriteAllText(Path.Combine(_outside, "secret.txt"), "top secret\n");

    private string Root => Path.Combine(_temp, "workspaces");

    private string Workspace => Path.Combine(Root, _session.SessionId.ToString("N"));

    private string Secret => File.ReadAllText(Path.Combine(_outside, "secret.txt"));

    public void Dispose()
    {
        Directory.Delete(_temp, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    [Fact]
    public async Task The_root_and_each_workspace_are_made_owner_only()
    {
        await RunAsync(Tool(), ("command", "create"), ("path", "a.txt"), ("file_text", "x"));

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Root));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Workspace));
    }

    [Fact]
    public async Task A_root_that_is_a_planted_symbolic_link_is_refused()
    {
        Directory.CreateSymbolicLink(Root, _outside);

        var refused = await Assert.ThrowsAsync<ToolException>(() => RunAsync(Tool(), ("command", "create"), ("path", "a.txt"), ("file_text", "x")));

        Assert.Contains("symbolic link", refused.Message);
        Assert.Equal(["secret.txt"], Directory.GetFileSystemEntries(_outside).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_root_owned_by_another_user_is_refused()
    {
        // As root, a folder handed to nobody (65534); otherwise a system folder root owns.
        var root = "/var";
        if (Environment.UserName == "root")
        {
            root = Path.Combine(_temp, "foreign");
            Directory.CreateDirectory(root);
            Run("chown", "65534", root);
        }

        var tool = new FileEditorTool(Options.Create(new ToolOptions { WorkspaceRoot = root }), Options.Create(new FileEditorOptions()));
        var refused = await Assert.ThrowsAsync<ToolException>(() => RunAsync(tool, ("command", "view"), ("path", ".")));

        Assert.Contains("another user", refused.Message);
    }

    [Fact]
    public void A_folder_swapped_for_a_symbolic_link_after_the_check_is_refused_on_the_opened_handle()
    {
        var workspace = SessionWorkspace.Open(Root, _session.SessionId);
        Directory.CreateDirectory(Path.Combine(workspace.Root, "docs"));
        File.WriteAllText(Path.Combine(workspace.Root, "docs", "secret.txt"), "mine\n");
        var checkedPath = workspace.Resolve("docs/secret.txt");

        // The race, made deterministic: between the check and the open, the folder becomes a link outside.
        Directory.Delete(Path.Combine(workspace.Root, "docs"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(workspace.Root, "docs"), _outside);

        Assert.Equal("top secret\n", File.ReadAllText(checkedPath)); // what reopening by name did before
        var read = Assert.Throws<ToolException>(() => WorkspaceFile.OpenRead(workspace, checkedPath));
        Assert.Throws<ToolException>(() => WorkspaceFile.OpenWrite(workspace, checkedPath, create: true));
        Assert.Contains("outside the checked path", read.Message);
        Assert.Equal("top secret\n", Secret);
    }

    [Fact]
    public void A_file_swapped_for_a_symbolic_link_after_the_check_is_refused_without_following_it()
    {
        var workspace = SessionWorkspace.Open(Root, _session.SessionId);
        File.WriteAllText(Path.Combine(workspace.Root, "notes.txt"), "mine\n");
        var checkedPath = workspace.Resolve("notes.txt");

        File.Delete(checkedPath);
        File.CreateSymbolicLink(checkedPath, Path.Combine(_outside, "secret.txt"));

        var read = Assert.Throws<ToolException>(() => WorkspaceFile.OpenRead(workspace, checkedPath));
        Assert.Throws<ToolException>(() => WorkspaceFile.OpenWrite(workspace, checkedPath, create: false));
        Assert.Contains("symbolic link", read.Message);
        Assert.Equal("top secret\n", Secret);
    }

    [Fact]
    public async Task A_hard_link_to_a_file_outside_is_refused_for_every_command()
    {
        Directory.CreateDirectory(Workspace);
        Run("ln", Path.Combine(_outside, "secret.txt"), Path.Combine(Workspace, "linked.txt"));
        var tool = Tool();

        var viewed = await Assert.ThrowsAsync<ToolException>(() => RunAsync(tool, ("command", "view"), ("path", "linked.txt")));
        await Assert.ThrowsAsync<ToolException>(() => RunAsync(tool, ("command", "str_replace"), ("path", "linked.txt"), ("old_str", "top"), ("new_str", "no")));
        await Assert.ThrowsAsync<ToolException>(() => RunAsync(tool, ("command", "insert"), ("path", "linked.txt"), ("insert_line", 0), ("insert_text", "x")));
        await Assert.ThrowsAsync<ToolException>(() => RunAsync(tool, ("command", "create"), ("path", "linked.txt"), ("file_text", "gone")));

        Assert.Contains("hard links", viewed.Message);
        Assert.Equal("top secret\n", Secret);
    }

    [Fact]
    public async Task A_fifo_is_refused_at_once_instead_of_blocking_until_the_timeout()
    {
        Directory.CreateDirectory(Workspace);
        Run("mkfifo", Path.Combine(Workspace, "pipe"));
        var tool = Tool();
        var clock = Stopwatch.StartNew();

        // Bounded, so the old behaviour (blocked in open until the tool's 10 s timeout) fails here instead of hanging.
        var viewed = await Assert.ThrowsAsync<ToolException>(() =>
            RunAsync(tool, ("command", "view"), ("path", "pipe")).WaitAsync(TimeSpan.FromSeconds(5), _ct));
        await Assert.ThrowsAsync<ToolException>(() =>
            RunAsync(tool, ("command", "create"), ("path", "pipe"), ("file_text", "x")).WaitAsync(TimeSpan.FromSeconds(5), _ct));

        Assert.Contains("not a regular file", viewed.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Writes_past_the_workspace_quota_are_a_tool_error_and_leave_the_files_as_they_were()
    {
        var tool = Tool(maxBytes: 1024);
        await RunAsync(tool, ("command", "create"), ("path", "a.txt"), ("file_text", new string('a', 600)));

        var second = await Assert.ThrowsAsync<ToolException>(() => RunAsync(tool, ("command", "create"), ("path", "sub/b.txt"), ("file_text", new string('b', 600))));
        await RunAsync(tool, ("command", "create"), ("path", "a.txt"), ("file_text", "X" + new string('c', 999))); // replacing counts once
        var grown = await Assert.ThrowsAsync<ToolException>(() => RunAsync(tool, ("command", "str_replace"), ("path", "a.txt"), ("old_str", "X"), ("new_str", new string('d', 100))));

        Assert.Contains("quota is 1,024", second.Message);
        Assert.Contains("quota", grown.Message);
        Assert.False(File.Exists(Path.Combine(Workspace, "sub", "b.txt")));
        Assert.Equal("X" + new string('c', 999), File.ReadAllText(Path.Combine(Workspace, "a.txt")));
    }

    private FileEditorTool Tool(long maxBytes = 64 * 1024 * 1024) =>
        new(Options.Create(new ToolOptions { WorkspaceRoot = Root }), Options.Create(new FileEditorOptions { MaxWorkspaceBytes = maxBytes }));

    private Task<string> RunAsync(FileEditorTool tool, params (string Name, object? Value)[] arguments) =>
        tool.ExecuteAsync(_session, new AIFunctionArguments(arguments.ToDictionary(a => a.Name, a => a.Value)), _ct);

    private static void Run(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true })!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command}: {process.StandardError.ReadToEnd()}");
    }
}
