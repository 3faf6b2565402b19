using AgentPlatform.Api.Extensions;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;

namespace AgentPlatform.Tests.Api.Units;

/// <summary>The examples put into the OpenAPI document (<see cref="OpenApiExamples"/>): by operation name, JSON only, success responses only.</summary>
public sealed class OpenApiExamplesTests
{
    private static OpenApiMediaType Json() => new();

    private static OpenApiOperation Operation() => new()
    {
        RequestBody = new OpenApiRequestBody { Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = Json() } },
        Responses = new OpenApiResponses
        {
            ["201"] = new OpenApiResponse { Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = Json() } },
            ["202"] = new OpenApiResponse { Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = Json() } },
            ["204"] = new OpenApiResponse(),
            ["400"] = new OpenApiResponse { Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = Json() } },
        },
    };

    private static OpenApiMediaType RequestMedia(OpenApiOperation operation) => operation.RequestBody!.Content!["application/json"];

    private static OpenApiMediaType ResponseMedia(OpenApiOperation operation, string status, string type = "application/json") =>
        operation.Responses![status].Content![type];

    [Fact]
    public void A_named_operation_gets_its_request_and_success_response_examples()
    {
        var operation = Operation();

        OpenApiExamples.Apply(operation, [new EndpointNameMetadata("CreateSession")]);

        Assert.Equal("Say hello", RequestMedia(operation).Example!["prompt"]!.GetValue<string>());
        Assert.Equal("completed", ResponseMedia(operation, "201").Example!["status"]!.GetValue<string>());
        Assert.Null(ResponseMedia(operation, "202", "text/plain").Example);
        Assert.Null(ResponseMedia(operation, "400").Example);
    }

    [Fact]
    public void An_operation_without_a_request_example_keeps_its_request_body_bare()
    {
        var operation = Operation();

        OpenApiExamples.Apply(operation, [new EndpointNameMetadata("GetSession")]);

        Assert.Null(RequestMedia(operation).Example);
        Assert.NotNull(ResponseMedia(operation, "201").Example);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("NotAnOperationWithExamples")]
    public void Unnamed_or_unknown_operations_are_left_alone(string? name)
    {
        var operation = Operation();

        OpenApiExamples.Apply(operation, name is null ? [] : [new EndpointNameMetadata(name)]);

        Assert.Null(RequestMedia(operation).Example);
        Assert.Null(ResponseMedia(operation, "201").Example);
    }

    [Fact]
    public void An_operation_without_a_body_or_responses_is_left_as_it_is()
    {
        var bare = new OpenApiOperation { RequestBody = null, Responses = null };
        OpenApiExamples.Apply(bare, [new EndpointNameMetadata("CreateSession")]);
        Assert.Null(bare.RequestBody);
        Assert.Null(bare.Responses);

        var noContent = new OpenApiOperation { RequestBody = new OpenApiRequestBody { Content = null }, Responses = new OpenApiResponses { ["200"] = new OpenApiResponse { Content = null } } };
        OpenApiExamples.Apply(noContent, [new EndpointNameMetadata("CreateSession")]);
        Assert.Null(noContent.RequestBody.Content);
        Assert.Null(noContent.Responses["200"].Content);

        var otherType = new OpenApiOperation
        {
            RequestBody = new OpenApiRequestBody { Content = new Dictionary<string, OpenApiMediaType> { ["text/plain"] = Json() } },
        };
        OpenApiExamples.Apply(otherType, [new EndpointNameMetadata("CreateSession")]);
        Assert.Null(otherType.RequestBody.Content!["text/plain"].Example);
    }
}
