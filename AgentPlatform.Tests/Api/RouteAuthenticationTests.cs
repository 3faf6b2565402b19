using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class RouteAuthenticationTests(ApiFixture fixture)
{
    private static readonly string[] AnonymousPrefixes = ["/health", "/alive", "/openapi", "/scalar", EventSchema.Path];

    /// <summary>Every route the Api maps, from its endpoint data source, so a route added later is covered too.</summary>
    public static IEnumerable<(string Method, string Path)> MappedRoutes(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (m, Fill(e.RoutePattern))))
            .Distinct();

    [Fact]
    public async Task Every_route_except_the_anonymous_ones_answers_401_without_a_token()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = fixture.Client(null);
        var routes = MappedRoutes(fixture.Api.Services).ToList();
        Assert.Contains(routes, r => r.Path.StartsWith("/api/v1/sessions", StringComparison.Ordinal));

        var checkedRoutes = 0;
        foreach (var (method, path) in routes)
        {
            if (AnonymousPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ct);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode} without a token");
            checkedRoutes++;
        }

        Assert.True(checkedRoutes >= 10, $"only {checkedRoutes} routes were checked");
    }

    [Fact]
    public async Task A_token_signed_with_another_key_or_expired_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var forged = fixture.Api.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Create("mallory", key: "another-key-that-is-long-enough-0123456789"));
        using var expired = fixture.Api.CreateClient();
        expired.DefaultRequestHeaders.Authorization = new("Bearer", TestTokens.Create("late", lifetime: TimeSpan.FromHours(-2)));

        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/v1/sessions", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await expired.GetAsync("/api/v1/sessions", ct)).StatusCode);
    }

    [Fact]
    public async Task The_access_token_query_parameter_authenticates_like_the_header()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = fixture.Client(null);

        var response = await client.GetAsync($"/api/v1/sessions?access_token={TestTokens.Create(ApiFixture.NewUser())}", ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static string Fill(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => parameter.Name is "id" ? Guid.NewGuid().ToString() : "x",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "x",
        }))));
}
