using System.Net;
using System.Text.Json;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class EventSchemaEndpointTests(ApiFixture fixture)
{
    [Fact]
    public async Task The_event_schema_is_served_without_a_token_the_same_on_every_call_and_the_openapi_document_points_to_it()
    {
        var ct = TestContext.Current.CancellationToken;
        using var anonymous = fixture.Client(null);

        var first = await anonymous.GetAsync(EventSchema.Path, ct);
        var second = await anonymous.GetStringAsync(EventSchema.Path, ct);
        using var openApi = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json", ct));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("application/schema+json", first.Content.Headers.ContentType?.MediaType);
        var body = await first.Content.ReadAsStringAsync(ct);
        Assert.Equal(body, second);
        Assert.Equal(EventSchema.Json, body);
        using var schema = JsonDocument.Parse(body);
        Assert.True(schema.RootElement.GetProperty("$defs").TryGetProperty("tool.called", out _));
        Assert.Equal(EventSchema.Path, openApi.RootElement.GetProperty("externalDocs").GetProperty("url").GetString());
    }
}
