using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ErrorMappingTests(ApiFixture fixture)
{
    public static TheoryData<string, int> DomainErrors() => new()
    {
        { "transition", 409 },
        { "conflict", 409 },
        { "validation", 400 },
    };

    [Theory]
    [MemberData(nameof(DomainErrors))]
    public async Task The_exception_handler_maps_domain_errors_to_problem_details(string kind, int status)
    {
        var ct = TestContext.Current.CancellationToken;
        Exception error = kind switch
        {
            "transition" => new InvalidTransitionException("Run", Guid.NewGuid(), SessionStatus.Completed, SessionStatus.Processing),
            "conflict" => new ActiveRunConflictException(Guid.NewGuid(), Guid.NewGuid(), SessionStatus.Processing),
            _ => new DomainValidationException("prompt", "The prompt must not be empty."),
        };
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Response.Body = new MemoryStream();
        var handler = scope.ServiceProvider.GetServices<IExceptionHandler>().Single();

        var handled = await handler.TryHandleAsync(http, error, ct);

        Assert.True(handled);
        Assert.Equal(status, http.Response.StatusCode);
        Assert.StartsWith("application/problem+json", http.Response.ContentType);
        http.Response.Body.Position = 0;
        var problem = await JsonSerializer.DeserializeAsync<JsonElement>(http.Response.Body, cancellationToken: ct);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(error.Message, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_unexpected_exception_is_left_to_the_framework_as_a_500()
    {
        await using var scope = fixture.Api.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var handler = scope.ServiceProvider.GetServices<IExceptionHandler>().Single();

        Assert.False(await handler.TryHandleAsync(http, new InvalidOperationException("bug"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Cors_allows_the_configured_frontend_origin_only()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = new ApiFactory(fixture.Infrastructure, "api_tests", new Dictionary<string, string?> { ["Cors:Origins:0"] = "https://app.example" });
        using var client = api.CreateClient();

        var allowed = await client.SendAsync(Preflight("https://app.example"), ct);
        var refused = await client.SendAsync(Preflight("https://evil.example"), ct);

        Assert.Equal("https://app.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/sessions");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return request;
    }
}
