namespace AgentPlatform.Tests.Tools;

/// <summary>The file editor's refusals and edge cases: what the model gets wrong is a clear error, and nothing changes.</summary>
public sealed class FileEditorEdgeCaseTests() : FileEditorTestBase("editor-edge")
{
    [Theory]
    [InlineData(new[] { 2 }, "view_range must be [first, last].")]
    [InlineData(new[] { 1, 2, 3 }, "view_range must be [first, last].")]
    [InlineData(new[] { 0, 2 }, "view_range [0, 2] does not fit the file (3 lines).")]
    [InlineData(new[] { 3, 2 }, "view_range [3, 2] does not fit the file (3 lines).")]
    [InlineData(new[] { 2, 4 }, "view_range [2, 4] does not fit the file (3 lines).")]
    public async Task A_view_range_that_is_not_two_lines_of_the_file_is_refused(int[] range, string message)
    {
        await RunAsync(("command", "create"), ("path", "a.txt"), ("file_text", "1\n2\n3\n"));

        var error = await Assert.ThrowsAsync<ToolException>(() => RunAsync(("command", "view"), ("path", "a.txt"), ("view_range", range)));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task A_closed_view_range_shows_those_lines()
    {
        await RunAsync(("command", "create"), ("path", "a.txt"), ("file_text", "1\n2\n3\n"));

        var viewed = await RunAsync(("command", "view"), ("path", "a.txt"), ("view_range", new[] { 2, 2 }));

        Assert.Equal("a.txt (3 lines):\n     2\t2\n", viewed);
    }

    [Fact]
    public async Task A_directory_has_no_view_range_and_cannot_be_created_over()
    {
        Directory.CreateDirectory(Path.Combine(Workspace, "src"));

        var range = await Assert.ThrowsAsync<ToolException>(() => RunAsync(("command", "view"), ("path", "src"), ("view_range", new[] { 1, 2 })));
        var create = await Assert.ThrowsAsync<ToolException>(() => RunAsync(("command", "create"), ("path", "src"), ("file_text", "x")));

        Assert.Equal("view_range applies to files, not to directories.", range.Message);
        Assert.Equal("src is a directory.", create.Message);
        Assert.True(Directory.Exists(Path.Combine(Workspace, "src")));
    }

    [Fact]
    public async Task Creating_an_existing_file_overwrites_it_and_says_so()
    {
        await RunAsync(("command", "create"), ("path", "a.txt"), ("file_text", "old\n"));

        var result = await RunAsync(("command", "create"), ("path", "a.txt"), ("file_text", "new\n"));

        Assert.Equal("Overwrote a.txt (1 line).", result);
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(Workspace, "a.txt")));
    }

    [Fact]
    public async Task An_empty_old_str_is_refused_and_the_file_kept()
    {
        await RunAsync(("command", "create"), ("path", "a.txt"), ("file_text", "keep\n"));

        var error = await Assert.ThrowsAsync<ToolException>(() =>
            RunAsync(("command", "str_replace"), ("path", "a.txt"), ("old_str", ""), ("new_str", "x")));

        Assert.Equal("old_str must not be empty.", error.Message);
        Assert.Equal("keep\n", File.ReadAllText(Path.Combine(Workspace, "a.txt")));
    }

    [Theory]
    [InlineData("one\ntwo", 2, "new", "one\ntwo\nnew")]
    [InlineData("", 0, "new", "new\n")]
    [InlineData("one\n", 1, "", "one\n\n")]
    public async Task Insert_keeps_the_file_s_final_newline_or_its_absence(string content, int line, string text, string expected)
    {
        Directory.CreateDirectory(Workspace);
        await File.WriteAllTextAsync(Path.Combine(Workspace, "a.txt"), content, TestContext.Current.CancellationToken);

        await RunAsync(("command", "insert"), ("path", "a.txt"), ("insert_line", line), ("insert_text", text));

        Assert.Equal(expected, File.ReadAllText(Path.Combine(Workspace, "a.txt")));
    }

    [Fact]
    public async Task A_file_over_two_megabytes_and_a_binary_file_are_not_read()
    {
        Directory.CreateDirectory(Workspace);
        await File.WriteAllTextAsync(Path.Combine(Workspace, "big.txt"), new string('a', 2 * 1024 * 1024 + 1), TestContext.Current.CancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(Workspace, "image.bin"), [0x89, 0x00, 0x01], TestContext.Current.CancellationToken);

        var big = await Assert.ThrowsAsync<ToolException>(() => RunAsync(("command", "view"), ("path", "big.txt")));
        var binary = await Assert.ThrowsAsync<ToolException>(() =>
            RunAsync(("command", "str_replace"), ("path", "image.bin"), ("old_str", "a"), ("new_str", "b")));

        Assert.Equal("big.txt has 2,097,153 bytes; the editor handles files up to 2,097,152.", big.Message);
        Assert.Equal("image.bin is a binary file.", binary.Message);
        Assert.Equal([0x89, 0x00, 0x01], File.ReadAllBytes(Path.Combine(Workspace, "image.bin")));
    }

    [Fact]
    public async Task A_link_whose_target_climbs_with_dot_dot_is_resolved_inside_the_workspace()
    {
        await RunAsync(("command", "create"), ("path", "docs/readme.md"), ("file_text", "hello\n"));
        Directory.CreateDirectory(Path.Combine(Workspace, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(Workspace, "alias"), "./sub/../docs");

        var viewed = await RunAsync(("command", "view"), ("path", "alias/readme.md"));

        Assert.Equal("docs/readme.md (1 line):\n     1\thello\n", viewed);
    }

    [Fact]
    public async Task A_link_that_climbs_above_theRoot_stays_at_theRoot_and_is_refused_asOutside()
    {
        Directory.CreateDirectory(Workspace);
        Directory.CreateSymbolicLink(Path.Combine(Workspace, "escape"), "/../.." + Outside);

        var error = await Assert.ThrowsAsync<ToolException>(() => RunAsync(("command", "view"), ("path", "escape/secret.txt")));

        Assert.Contains("outside the workspace", error.Message);
    }

    [Fact]
    public async Task A_loop_of_links_is_refused()
    {
        Directory.CreateDirectory(Workspace);
        File.CreateSymbolicLink(Path.Combine(Workspace, "a"), "b");
        File.CreateSymbolicLink(Path.Combine(Workspace, "b"), "a");

        var error = await Assert.ThrowsAsync<ToolException>(() => RunAsync(("command", "view"), ("path", "a")));

        Assert.Equal("Too many levels of symbolic links.", error.Message);
    }
}
