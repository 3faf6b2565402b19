using AgentPlatform.Core.Llm;

namespace AgentPlatform.Tests.Llm;

public sealed class LlmConnectionTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_connection_string_means_the_simulated_model(string? value)
    {
        Assert.Null(LlmConnection.Parse(value));
    }

    [Fact]
    public void Endpoint_key_and_model_are_read()
    {
        var connection = LlmConnection.Parse("Endpoint=https://llm.example/v1;Key=sk-secret;Model=gpt-x")!;

        Assert.Equal((new Uri("https://llm.example/v1"), "sk-secret", "gpt-x"), (connection.Endpoint, connection.Key, connection.Model));
        Assert.Equal("Endpoint=https://llm.example/v1;Model=gpt-x", connection.ToString());
        Assert.DoesNotContain("sk-secret", connection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_deployment_names_the_model_and_the_key_is_optional()
    {
        var connection = LlmConnection.Parse("Endpoint=https://azure.example/openai;Deployment=dep-1")!;

        Assert.Equal(("dep-1", (string?)null), (connection.Model, connection.Key));
    }

    [Fact]
    public void Model_wins_over_deployment()
    {
        Assert.Equal("m", LlmConnection.Parse("Endpoint=https://x.example;Deployment=d;Model=m")!.Model);
    }

    [Theory]
    [InlineData("Model=m", "Endpoint")]
    [InlineData("Endpoint=/v1;Model=m", "Endpoint")]
    [InlineData("Endpoint=https://x.example", "Model")]
    [InlineData("Endpoint=https://x.example;Model= ", "Model")]
    public void A_missing_or_relative_endpoint_or_a_missing_model_is_refused_naming_it(string value, string named)
    {
        var error = Assert.Throws<InvalidOperationException>(() => LlmConnection.Parse(value));

        Assert.Contains($"needs {named}=", error.Message, StringComparison.Ordinal);
    }
}
