using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class IdempotencyTests(ApiFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_returns_the_first_answer_and_creates_nothing()
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var key = Guid.NewGuid().ToString();

        var first = await Post(client, key, """{"prompt":"only once","taskType":"simple_query"}""");
        var retry = await Post(client, key, """{ "taskType": "simple_query",  "prompt": "only once" }""");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>(_ct);
        var b = await retry.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal(a.ToString(), b.ToString());
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/sessions", _ct);
        Assert.Single(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_and_creates_nothing()
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var key = Guid.NewGuid().ToString();
        await Post(client, key, """{"prompt":"original"}""");

        var reuse = await Post(client, key, """{"prompt":"something else"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reuse.StatusCode);
        Assert.Equal("application/problem+json", reuse.Content.Headers.ContentType?.MediaType);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/sessions", _ct);
        Assert.Single(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_create_one_session()
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var key = Guid.NewGuid().ToString();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Post(client, key, """{"prompt":"raced"}""")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>(_ct)).Id()));
        Assert.Single(ids.Distinct());
        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/sessions", _ct);
        Assert.Single(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Keys_belong_to_their_user()
    {
        var key = Guid.NewGuid().ToString();
        using var alice = fixture.Client(ApiFixture.NewUser("alice"));
        using var bob = fixture.Client(ApiFixture.NewUser("bob"));

        var a = await (await Post(alice, key, """{"prompt":"same"}""")).Content.ReadFromJsonAsync<JsonElement>(_ct);
        var b = await (await Post(bob, key, """{"prompt":"same"}""")).Content.ReadFromJsonAsync<JsonElement>(_ct);

        Assert.NotEqual(a.Id(), b.Id());
    }

    private Task<HttpResponseMessage> Post(HttpClient client, string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sessions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request, _ct);
    }
}
