namespace AgentPlatform.Tests.Deployment;

/// <summary>The Api and the Worker refuse to start in Production on a configuration that is not fit for it.</summary>
public sealed class ProductionStartupTests(LocalInfrastructure infrastructure)
{
    private readonly Dictionary<string, string> _valid = new()
    {
        ["ConnectionStrings__agentdb"] = infrastructure.Database("agentdb_prod_refused"),
        ["ConnectionStrings__redis"] = infrastructure.RedisConnectionString,
        ["ConnectionStrings__llm"] = "Endpoint=http://127.0.0.1:9/v1;Key=k;Model=m",
        ["Auth__Authority"] = "http://127.0.0.1:9/",
        ["Auth__Audience"] = "agentplatform-api",
        ["Auth__RequireHttpsMetadata"] = "false",
    };

    [Theory]
    [InlineData("AgentPlatform.Api", "Auth__Authority", null, "Auth:Authority")]
    [InlineData("AgentPlatform.Api", "ConnectionStrings__llm", null, "LLM provider")]
    [InlineData("AgentPlatform.Api", "Auth__SigningKey", TestTokens.SigningKey, "Auth:SigningKey")]
    [InlineData("AgentPlatform.Worker", "Auth__SigningKey", TestTokens.SigningKey, "Auth:SigningKey")]
    [InlineData("AgentPlatform.Worker", "ConnectionStrings__llm", null, "LLM provider")]
    public async Task A_service_refuses_to_start(string project, string setting, string? value, string named)
    {
        var environment = new Dictionary<string, string>(_valid);
        if (value is null)
        {
            environment.Remove(setting);
        }
        else
        {
            environment[setting] = value;
        }

        await using var service = ServiceProcess.Start(project, environment);
        var exitCode = await service.WaitForExitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(named, service.Output, StringComparison.OrdinalIgnoreCase);
    }
}
