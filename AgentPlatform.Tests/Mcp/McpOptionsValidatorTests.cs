using AgentPlatform.Worker.Tools.Mcp;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Tests.Mcp;

public sealed class McpOptionsValidatorTests
{
    private static readonly IValidateOptions<McpOptions> Validator = new McpOptionsValidator();

    [Fact]
    public void Each_bad_setting_is_named_by_its_key_and_no_secret_value_appears()
    {
        var options = new McpOptions
        {
            Servers =
            {
                ["both"] = new() { Command = "node", Url = "http://x/mcp" },
                ["neither"] = new() { Env = { ["API_KEY"] = "sk-secret-value" } },
                ["badurl"] = new() { Url = "ftp://host/mcp", Headers = { ["Authorization"] = "Bearer secret-token" } },
                ["a__b"] = new() { Command = "node" },
                ["slow"] = new() { Command = "node", Timeout = TimeSpan.Zero },
            },
        };

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        var message = result.FailureMessage;
        Assert.Contains("Mcp:Servers:both: set either Mcp:Servers:both:Command", message);
        Assert.Contains("Mcp:Servers:neither: set either", message);
        Assert.Contains("Mcp:Servers:badurl:Url must be an absolute http or https address.", message);
        Assert.Contains("Mcp:Servers:a__b: a server name", message);
        Assert.Contains("Mcp:Servers:slow:Timeout", message);
        Assert.DoesNotContain("sk-secret-value", message);
        Assert.DoesNotContain("secret-token", message);
    }

    [Fact]
    public void A_stdio_and_an_HTTP_server_configured_as_documented_are_valid()
    {
        var options = new McpOptions
        {
            Servers =
            {
                ["files"] = new() { Command = "npx", Args = ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], Env = { ["X"] = "1" } },
                ["search"] = new() { Url = "https://mcp.example.com/mcp", Headers = { ["Authorization"] = "Bearer t" } },
            },
        };

        Assert.True(Validator.Validate(null, options).Succeeded);
    }
    public static TheoryData<string, string> GlobalSettings => new()
    {
        { "reconnect-zero", "Mcp:ReconnectDelay must be positive and at most Mcp:MaxReconnectDelay." },
        { "reconnect-above-max", "Mcp:ReconnectDelay must be positive and at most Mcp:MaxReconnectDelay." },
        { "elicitation-zero", "Mcp:ElicitationTimeout must be more than 0 and at most 1 day." },
        { "elicitation-two-days", "Mcp:ElicitationTimeout must be more than 0 and at most 1 day." },
        { "poll-10ms", "Mcp:ElicitationPollInterval must be between 50 ms and 1 minute." },
        { "poll-2min", "Mcp:ElicitationPollInterval must be between 50 ms and 1 minute." },
    };

    [Theory]
    [MemberData(nameof(GlobalSettings))]
    public void Each_global_setting_out_of_range_is_named(string setting, string expected)
    {
        var options = new McpOptions();
        switch (setting)
        {
            case "reconnect-zero": options.ReconnectDelay = TimeSpan.Zero; break;
            case "reconnect-above-max": options.ReconnectDelay = TimeSpan.FromMinutes(2); break;
            case "elicitation-zero": options.ElicitationTimeout = TimeSpan.Zero; break;
            case "elicitation-two-days": options.ElicitationTimeout = TimeSpan.FromDays(2); break;
            case "poll-10ms": options.ElicitationPollInterval = TimeSpan.FromMilliseconds(10); break;
            case "poll-2min": options.ElicitationPollInterval = TimeSpan.FromMinutes(2); break;
        }

        var result = Validator.Validate(null, options);

        Assert.Equal([expected], result.Failures);
    }

    public static TheoryData<string, string> ServerSettings => new()
    {
        { "stdio-headers", "Mcp:Servers:s:Headers applies to a server over HTTP only." },
        { "http-env", "Mcp:Servers:s: Args, Env and WorkingDirectory apply to a server over stdio only." },
        { "http-args", "Mcp:Servers:s: Args, Env and WorkingDirectory apply to a server over stdio only." },
        { "http-dir", "Mcp:Servers:s: Args, Env and WorkingDirectory apply to a server over stdio only." },
        { "missing-dir", "Mcp:Servers:s:WorkingDirectory is not an existing folder." },
        { "timeout-two-hours", "Mcp:Servers:s:Timeout must be more than 0 and at most 1 hour." },
        { "elicitation-zero", "Mcp:Servers:s:ElicitationTimeout must be more than 0 and at most 1 day." },
        { "elicitation-two-days", "Mcp:Servers:s:ElicitationTimeout must be more than 0 and at most 1 day." },
        { "output-99", "Mcp:Servers:s:MaxOutputChars must be between 100 and 1,000,000." },
        { "output-too-many", "Mcp:Servers:s:MaxOutputChars must be between 100 and 1,000,000." },
        { "name-too-long", $"Mcp:Servers:{new string('s', 33)}: a server name is 1 to 32 letters, digits, '-' or '_', without '__' (it prefixes its tools' names)." },
    };

    [Theory]
    [MemberData(nameof(ServerSettings))]
    public void Each_server_setting_out_of_range_is_named(string setting, string expected)
    {
        var stdio = new McpServerOptions { Command = "node", WorkingDirectory = Path.GetTempPath(), ElicitationTimeout = TimeSpan.FromHours(1), MaxOutputChars = 100 };
        var http = new McpServerOptions { Url = "https://mcp.example.com/mcp", MaxOutputChars = 1_000_000 };
        var (name, server) = setting switch
        {
            "stdio-headers" => ("s", With(stdio, o => o.Headers["Authorization"] = "Bearer t")),
            "http-env" => ("s", With(http, o => o.Env["X"] = "1")),
            "http-args" => ("s", With(http, o => o.Args.Add("-y"))),
            "http-dir" => ("s", With(http, o => o.WorkingDirectory = Path.GetTempPath())),
            "missing-dir" => ("s", With(stdio, o => o.WorkingDirectory = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")))),
            "timeout-two-hours" => ("s", With(stdio, o => o.Timeout = TimeSpan.FromHours(2))),
            "elicitation-zero" => ("s", With(stdio, o => o.ElicitationTimeout = TimeSpan.Zero)),
            "elicitation-two-days" => ("s", With(http, o => o.ElicitationTimeout = TimeSpan.FromDays(2))),
            "output-99" => ("s", With(stdio, o => o.MaxOutputChars = 99)),
            "output-too-many" => ("s", With(http, o => o.MaxOutputChars = 1_000_001)),
            _ => (new string('s', 33), stdio),
        };

        var result = Validator.Validate(null, new McpOptions { Servers = { [name] = server } });

        Assert.Equal([expected], result.Failures);
        Assert.True(Validator.Validate(null, new McpOptions { Servers = { ["stdio"] = stdio, ["http"] = http } }).Succeeded);
    }

    private static McpServerOptions With(McpServerOptions template, Action<McpServerOptions> change)
    {
        var copy = new McpServerOptions
        {
            Command = template.Command, Url = template.Url, WorkingDirectory = template.WorkingDirectory,
            ElicitationTimeout = template.ElicitationTimeout, MaxOutputChars = template.MaxOutputChars,
        };
        change(copy);
        return copy;
    }
}
