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
}
