using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class RouteAuthenticationTests(ApiFixture fixture)
{
    private static readonly string[] AnonymousPrefixes = ["/health", "/alive", "/openapi", "/scalar", EventSchema.Path, "/console"];

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
    public async Task The_access_token_query_parameter_authenticates_on_the_stream_routes_only()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = ApiFixture.NewUser();
        using var owner = fixture.Client(user);
        var session = await owner.CreateSessionAsync("streamed", ct);
        using var client = fixture.Client(null);
        var token = TestTokens.Create(user);

        var list = await client.GetAsync($"/api/v1/sessions?access_token={token}", ct);
        var one = await client.GetAsync($"/api/v1/sessions/{session.Id()}?access_token={token}", ct);
        using var stream = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get,
            $"/api/v1/sessions/{session.Id()}/events/stream?access_token={token}"), HttpCompletionOption.ResponseHeadersRead, ct);
        var negotiate = await client.PostAsync($"/hubs/sessions/negotiate?negotiateVersion=1&access_token={token}", null, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, one.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
    }

    [Fact]
    public async Task A_metrics_token_reads_metrics_on_both_services_and_nothing_else()
    {
        var ct = TestContext.Current.CancellationToken;
        var metrics = TestTokens.Metrics();
        using var api = fixture.Client(null);
        api.DefaultRequestHeaders.Authorization = new("Bearer", metrics);
        using var worker = fixture.Worker.ClientFor(null);
        worker.DefaultRequestHeaders.Authorization = new("Bearer", metrics);
        using var user = fixture.Client(ApiFixture.NewUser());

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/metrics", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync("/metrics", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/metrics", ct)).StatusCode);
        var refused = new List<string>();
        foreach (var (method, path) in MappedRoutes(fixture.Api.Services))
        {
            if (AnonymousPrefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal)) || path == "/metrics")
            {
                continue;
            }

            var response = await api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), ct);
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                refused.Add($"{method} {path} answered {(int)response.StatusCode}");
            }
        }

        Assert.Empty(refused);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/admin/queue", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await worker.GetAsync("/hangfire", ct)).StatusCode);
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
