using System.Net.Http.Json;
using System.Text;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ValidationTests(ApiFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    public static TheoryData<string, string> BadCreateBodies() => new()
    {
        { """{"taskType":"general"}""", "prompt" },
        { """{"prompt":"   "}""", "prompt" },
        { $$"""{"prompt":"{{new string('x', 32_001)}}"}""", "prompt" },
        { """{"prompt":"hi","tokenBudget":499}""", "tokenBudget" },
        { """{"prompt":"hi","tokenBudget":2000001}""", "tokenBudget" },
        { """{"prompt":"hi","maxSteps":0}""", "maxSteps" },
        { """{"prompt":"hi","maxSteps":201}""", "maxSteps" },
        { """{"prompt":"hi","taskType":"poetry"}""", "taskType" },
        { """{"prompt":5}""", "prompt" },
        { """{"prompt":"hi","tokenBudget":"lots"}""", "tokenBudget" },
        { """{"prompt":"hi",""", "body" },
        { "not json at all", "body" },
    };

    [Theory]
    [MemberData(nameof(BadCreateBodies))]
    public async Task A_bad_create_body_is_a_400_problem_naming_the_field_and_creates_nothing(string body, string field)
    {
        using var client = fixture.Client(ApiFixture.NewUser());

        var response = await client.PostAsync("/api/v1/sessions", new StringContent(body, Encoding.UTF8, "application/json"), _ct);

        await ApiCalls.AssertProblemNamesAsync(response, 400, field, _ct);
        var list = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/sessions", _ct);
        Assert.Empty(list.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task A_body_over_256_KiB_is_refused_with_413()
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var body = $$"""{"prompt":"{{new string('x', 300 * 1024)}}"}""";

        var response = await client.PostAsync("/api/v1/sessions", new StringContent(body, Encoding.UTF8, "application/json"), _ct);

        Assert.Equal(413, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/v1/sessions/not-a-uuid")]
    [InlineData("POST", "/api/v1/sessions/not-a-uuid/stop")]
    [InlineData("GET", "/api/v1/sessions/12345/events")]
    public async Task A_non_uuid_id_is_a_400_naming_id(string method, string path)
    {
        using var client = fixture.Client(ApiFixture.NewUser());

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), _ct);

        await ApiCalls.AssertProblemNamesAsync(response, 400, "id", _ct);
    }

    [Theory]
    [InlineData("?status=done", "status")]
    [InlineData("?taskType=poetry", "taskType")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=101", "limit")]
    [InlineData("?limit=abc", "limit")]
    [InlineData("?cursor=garbage!", "cursor")]
    public async Task A_bad_list_query_is_a_400_naming_the_parameter(string query, string field)
    {
        using var client = fixture.Client(ApiFixture.NewUser());

        var response = await client.GetAsync("/api/v1/sessions" + query, _ct);

        await ApiCalls.AssertProblemNamesAsync(response, 400, field, _ct);
    }

    [Theory]
    [InlineData("""{"prompt":""}""", "prompt")]
    [InlineData("""{"prompt":"go","multitaskStrategy":"later"}""", "multitaskStrategy")]
    public async Task A_bad_message_is_a_400_naming_the_field(string body, string field)
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var session = await client.CreateSessionAsync("first", _ct);

        var response = await client.PostAsync($"/api/v1/sessions/{session.Id()}/messages", new StringContent(body, Encoding.UTF8, "application/json"), _ct);

        await ApiCalls.AssertProblemNamesAsync(response, 400, field, _ct);
    }

    [Theory]
    [InlineData("?after=-1", "after")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    public async Task A_bad_events_query_is_a_400_naming_the_parameter(string query, string field)
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        var session = await client.CreateSessionAsync("events", _ct);

        var response = await client.GetAsync($"/api/v1/sessions/{session.Id()}/events{query}", _ct);

        await ApiCalls.AssertProblemNamesAsync(response, 400, field, _ct);
    }
}
