namespace AgentPlatform.Tests.Tools;

public sealed class FileEditorToolTests() : FileEditorTestBase("editor")
{
    [Fact]
    public async Task Create_then_view_shows_the_file_with_line_numbers()
    {
        var created = await RunAsync(("command", "create"), ("path", "notes/plan.md"), ("file_text", "alpha\nbeta\ngamma\n"));
        var viewed = await RunAsync(("command", "view"), ("path", "notes/plan.md"));

        Assert.Equal("Created notes/plan.md (3 lines).", created);
        Assert.Equal("alpha\nbeta\ngamma\n", File.ReadAllText(Path.Combine(Workspace, "notes", "plan.md")));
        Assert.Equal("notes/plan.md (3 lines):\n     1\talpha\n     2\tbeta\n     3\tgamma\n", viewed);
    }

    [Fact]
    public async Task View_with_a_range_shows_only_those_lines_and_a_directory_is_listed()
    {
        await RunAsync(("command", "create"), ("path", "a.txt"), ("file_text", "1\n2\n3\n4\n"));
        await RunAsync(("command", "create"), ("path", "src/b.cs"), ("file_text", "class B;"));

        var range = await RunAsync(("command", "view"), ("path", "a.txt"), ("view_range", new[] { 2, -1 }));
        var listing = await RunAsync(("command", "view"), ("path", "."));

        Assert.Equal("a.txt (4 lines):\n     2\t2\n     3\t3\n     4\t4\n", range);
        Assert.Contains("\na.txt\n", listing);
        Assert.Contains("\nsrc/\nsrc/b.cs\n", listing);
    }

    [Fact]
    public async Task Str_replace_replaces_the_one_occurrence()
    {
        await RunAsync(("command", "create"), ("path", "app.py"), ("file_text", "def f():\n    return 1\n"));

        var result = await RunAsync(("command", "str_replace"), ("path", "app.py"), ("old_str", "return 1"), ("new_str", "return 2"));

        Assert.Equal("def f():\n    return 2\n", File.ReadAllText(Path.Combine(Workspace, "app.py")));
        Assert.Contains("     2\t    return 2", result);
    }

    [Theory]
    [InlineData("missing", "was not found")]
    [InlineData("x = 1", "occurs 2 times in app.py (lines 1, 3)")]
    public async Task Str_replace_refuses_unless_old_str_occurs_exactly_once(string oldText, string message)
    {
        const string content = "x = 1\ny = 2\nx = 1\n";
        await RunAsync(("command", "create"), ("path", "app.py"), ("file_text", content));

        var error = await Assert.ThrowsAsync<ToolException>(() =>
            RunAsync(("command", "str_replace"), ("path", "app.py"), ("old_str", oldText), ("new_str", "z")));

        Assert.Contains(message, error.Message);
        Assert.Equal(content, File.ReadAllText(Path.Combine(Workspace, "app.py")));
    }

    [Theory]
    [InlineData(0, "new\none\ntwo\n")]
    [InlineData(1, "one\nnew\ntwo\n")]
    [InlineData(2, "one\ntwo\nnew\n")]
    public async Task Insert_adds_text_after_the_given_line(int line, string expected)
    {
        await RunAsync(("command", "create"), ("path", "list.txt"), ("file_text", "one\ntwo\n"));

        await RunAsync(("command", "insert"), ("path", "list.txt"), ("insert_line", line), ("insert_text", "new"));

        Assert.Equal(expected, File.ReadAllText(Path.Combine(Workspace, "list.txt")));
    }

    [Fact]
    public async Task Insert_refuses_a_line_past_the_end()
    {
        await RunAsync(("command", "create"), ("path", "list.txt"), ("file_text", "one\ntwo\n"));

        await Assert.ThrowsAsync<ToolException>(() =>
            RunAsync(("command", "insert"), ("path", "list.txt"), ("insert_line", 3), ("insert_text", "new")));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("notes/../../x")]
    [InlineData("/etc/passwd")]
    [InlineData("/tmp/x")]
    public async Task Paths_that_leave_the_workspace_are_refused(string path)
    {
        await Assert.ThrowsAsync<ToolException>(() => RunAsync(("command", "view"), ("path", path)));
        await Assert.ThrowsAsync<ToolException>(() => RunAsync(("command", "create"), ("path", path), ("file_text", "pwned")));

        Assert.False(File.Exists(Path.Combine(Root, "x")));
        Assert.NotEqual("pwned", File.ReadAllText("/etc/passwd"));
    }

    [Fact]
    public async Task A_symlinked_folder_pointingOutside_is_refused_for_reading_and_writing()
    {
        Directory.CreateDirectory(Workspace);
        Directory.CreateSymbolicLink(Path.Combine(Workspace, "escape"), Outside);

        var read = await Assert.ThrowsAsync<ToolException>(() => RunAsync(("command", "view"), ("path", "escape/secret.txt")));
        await Assert.ThrowsAsync<ToolException>(() => RunAsync(("command", "create"), ("path", "escape/new.txt"), ("file_text", "x")));

        Assert.Contains("outside the workspace", read.Message);
        Assert.False(File.Exists(Path.Combine(Outside, "new.txt")));
    }

    [Fact]
    public async Task A_symlinked_file_pointingOutside_is_refused_for_editing()
    {
        Directory.CreateDirectory(Workspace);
        File.CreateSymbolicLink(Path.Combine(Workspace, "notes.txt"), Path.Combine(Outside, "secret.txt"));

        await Assert.ThrowsAsync<ToolException>(() => RunAsync(("command", "view"), ("path", "notes.txt")));
        await Assert.ThrowsAsync<ToolException>(() =>
            RunAsync(("command", "str_replace"), ("path", "notes.txt"), ("old_str", "top"), ("new_str", "no")));
        await Assert.ThrowsAsync<ToolException>(() => RunAsync(("command", "create"), ("path", "notes.txt"), ("file_text", "x")));

        Assert.Equal("top secret\n", File.ReadAllText(Path.Combine(Outside, "secret.txt")));
    }

    [Fact]
    public async Task A_symlink_that_stays_inside_the_workspace_works()
    {
        await RunAsync(("command", "create"), ("path", "docs/readme.md"), ("file_text", "hello\n"));
        Directory.CreateSymbolicLink(Path.Combine(Workspace, "alias"), "docs");

        var viewed = await RunAsync(("command", "view"), ("path", "alias/readme.md"));

        Assert.Equal("docs/readme.md (1 line):\n     1\thello\n", viewed);
    }

    [Fact]
    public async Task EachSession_has_its_own_workspace()
    {
        await RunAsync(("command", "create"), ("path", "mine.txt"), ("file_text", "a"));

        var other = new ToolContext(Guid.NewGuid());
        await Assert.ThrowsAsync<ToolException>(() =>
            Tool.ExecuteAsync(other, Arguments(("command", "view"), ("path", "mine.txt")), TestContext.Current.CancellationToken));
    }
}
