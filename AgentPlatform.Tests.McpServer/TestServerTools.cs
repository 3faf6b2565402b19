using System.Collections;
using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AgentPlatform.Tests.McpServer;

/// <summary>The test server's tools: each shows one thing the platform's MCP client must handle.</summary>
[McpServerToolType]
public sealed class TestServerTools
{
    /// <summary>Calls of <c>slow</c> that ended cancelled (the client sent notifications/cancelled), in this process.</summary>
    public static int SlowCancelled;

    [McpServerTool(Name = "echo"), Description("Echoes the text back.")]
    public static string Echo([Description("The text to echo")] string text) => $"echo: {text}";

    [McpServerTool(Name = "get-env"), Description("Returns this server's environment variables as a JSON object.")]
    public static string GetEnv() =>
        JsonSerializer.Serialize(Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value));

    // Sampling is deprecated from MCP revision 2026-07-28; the platform's client speaks 2025-11-25, where it is current.
#pragma warning disable MCP9005
    [McpServerTool(Name = "sample"), Description("Asks the client's model (MCP sampling) to answer the prompt, padded with that many words, and returns its answer.")]
    public static async Task<string> Sample(ModelContextProtocol.Server.McpServer server, string prompt, CancellationToken cancellationToken, int padWords = 0)
    {
        var text = padWords == 0 ? prompt : $"{prompt} {string.Join(' ', Enumerable.Range(0, padWords))}";
        var answer = await server.SampleAsync(
            [new Microsoft.Extensions.AI.ChatMessage(Microsoft.Extensions.AI.ChatRole.User, text)],
            new Microsoft.Extensions.AI.ChatOptions { MaxOutputTokens = 200 }, cancellationToken: cancellationToken);
        return $"sampled: {answer.Text}";
    }
#pragma warning restore MCP9005

    [McpServerTool(Name = "ask"), Description("Asks the client's user (MCP elicitation) for a city, then returns how they answered.")]
    public static async Task<string> Ask(ModelContextProtocol.Server.McpServer server, string question, CancellationToken cancellationToken)
    {
        var result = await server.ElicitAsync(new ElicitRequestParams
        {
            Message = question,
            RequestedSchema = new ElicitRequestParams.RequestSchema
            {
                Properties = { ["city"] = new ElicitRequestParams.StringSchema { Description = "A city", MinLength = 2 } },
                Required = ["city"],
            },
        }, cancellationToken);
        return result.IsAccepted ? $"accept: {JsonSerializer.Serialize(result.Content)}" : result.Action;
    }

    [McpServerTool(Name = "pid"), Description("Returns this server's process id.")]
    public static int Pid() => Environment.ProcessId;

    [McpServerTool(Name = "fail"), Description("Always reports an error.")]
    public static CallToolResult Fail() => new() { IsError = true, Content = [new TextContentBlock { Text = "the test server always fails this" }] };

    [McpServerTool(Name = "picture"), Description("Returns a text, a small PNG image and a resource link.")]
    public static CallToolResult Picture() => new()
    {
        Content =
        [
            new TextContentBlock { Text = "here is a picture" },
            ImageContentBlock.FromBytes(new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4, 5, 6 }, "image/png"),
            new ResourceLinkBlock { Uri = "file:///pictures/cat.png", Name = "cat.png" },
        ],
        StructuredContent = JsonSerializer.SerializeToElement(new { width = 2, height = 3 }),
    };

    [McpServerTool(Name = "slow"), Description("Waits the given number of seconds, then answers; writes 'cancelled' to the file, if one is given, when cancelled.")]
    public static async Task<string> Slow(int seconds, CancellationToken cancellationToken, string? path = null)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
            return $"waited {seconds} s";
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref SlowCancelled);
            if (path is not null)
            {
                await File.WriteAllTextAsync(path, "cancelled", CancellationToken.None);
            }

            throw;
        }
    }

    [McpServerTool(Name = "mark"), Description("Appends a line to the file, then waits the given number of seconds.")]
    public static async Task<string> Mark(string path, string line, int seconds, CancellationToken cancellationToken)
    {
        await File.AppendAllTextAsync(path, line + "\n", cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(seconds), cancellationToken);
        return $"marked {line}";
    }

    [McpServerTool(Name = "add_tool"), Description("Adds a tool named late to this server (its clients hear notifications/tools/list_changed).")]
    public static string AddTool(ModelContextProtocol.Server.McpServer server)
    {
        var tools = server.ServerOptions.ToolCollection ?? throw new InvalidOperationException("The server has no tool collection.");
        if (!tools.TryGetPrimitive("late", out _))
        {
            tools.Add(McpServerTool.Create(() => "late tool answered", new McpServerToolCreateOptions { Name = "late", Description = "A tool added later." }));
        }

        return "added";
    }
}
