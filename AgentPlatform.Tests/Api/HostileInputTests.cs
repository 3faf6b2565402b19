using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AgentPlatform.Tests.Api;

/// <summary>The findings of issue #12 about hostile input: each was a 500 or an accepted request before its fix.</summary>
[Collection(ApiCollection.Name)]
public sealed class HostileInputTests(ApiFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_prompt_with_a_NUL_character_is_a_400_naming_the_prompt_on_create_and_on_messages()
    {
        using var client = fixture.Client(ApiFixture.NewUser());
        const string body = """{"prompt":"a\u0000b","taskType":"simple_query"}""";

        var create = await client.PostAsync("/api/v1/sessions", new StringContent(body, Encoding.UTF8, "application/json"), _ct);
        await ApiCalls.AssertProblemNamesAsync(create, 400, "prompt", _ct);

        var session = await client.CreateSessionAsync("fine", _ct);
        var message = await client.PostAsync($"/api/v1/sessions/{session.Id()}/messages",
            new StringContent("""{"prompt":"x\u0000","multitaskStrategy":"enqueue"}""", Encoding.UTF8, "application/json"), _ct);
        await ApiCalls.AssertProblemNamesAsync(message, 400, "prompt", _ct);

        var list = await client.GetFromJsonAsync<JsonElement>("/api/v1/sessions", _ct);
        Assert.Single(list.GetProperty("items").EnumerateArray());
    }

    public static TheoryData<string> HostileSubjects() => new() { "a\u0000b", new string('u', 201), "tab\there", "\u202Eevil" };

    [Theory]
    [MemberData(nameof(HostileSubjects))]
    public async Task A_validly_signed_token_with_a_hostile_sub_is_a_401_on_every_session_route(string sub)
    {
        using var client = fixture.Client(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CraftedTokens.With(sub));

        var list = await client.GetAsync("/api/v1/sessions", _ct);
        var create = await client.PostAsJsonAsync("/api/v1/sessions", new { prompt = "hi" }, _ct);
        var one = await client.GetAsync($"/api/v1/sessions/{Guid.NewGuid()}", _ct);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized],
            [list.StatusCode, create.StatusCode, one.StatusCode]);
    }

    [Fact]
    public async Task A_token_that_expired_two_minutes_ago_is_refused_by_the_default_clock_skew()
    {
        using var client = fixture.Client(null);
        var claims = CraftedTokens.Claims(ApiFixture.NewUser(), expiresIn: TimeSpan.FromMinutes(-2));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CraftedTokens.Sign(claims));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/sessions", _ct)).StatusCode);
    }

    [Fact]
    public async Task A_token_that_expired_ten_seconds_ago_is_still_inside_the_clock_skew()
    {
        using var client = fixture.Client(null);
        var claims = CraftedTokens.Claims(ApiFixture.NewUser(), expiresIn: TimeSpan.FromSeconds(-10));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CraftedTokens.Sign(claims));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/sessions", _ct)).StatusCode);
    }

    public static TheoryData<string, string> LooseBodies() => new()
    {
        { """{"prompt":"hi","taskType":"GENERAL"}""", "taskType" },
        { """{"prompt":"hi","taskType":"SimpleQuery"}""", "taskType" },
        { """{"prompt":"hi","taskType":"simpleQuery"}""", "taskType" },
        { """{"prompt":"hi","taskType":1}""", "taskType" },
        { """{"prompt":"hi","tokenBudget":"1000"}""", "tokenBudget" },
        { """{"prompt":"hi","maxSteps":"5"}""", "maxSteps" },
    };

    [Theory]
    [MemberData(nameof(LooseBodies))]
    public async Task Only_snake_case_enum_values_and_json_numbers_are_accepted_in_bodies(string body, string field)
    {
        using var client = fixture.Client(ApiFixture.NewUser());

        var response = await client.PostAsync("/api/v1/sessions", new StringContent(body, Encoding.UTF8, "application/json"), _ct);

        await ApiCalls.AssertProblemNamesAsync(response, 400, field, _ct);
    }

    [Theory]
    [InlineData("status=PENDING", "status")]
    [InlineData("status=Pending", "status")]
    [InlineData("taskType=SimpleQuery", "taskType")]
    public async Task Query_strings_follow_the_same_snake_case_rule(string query, string field)
    {
        using var client = fixture.Client(ApiFixture.NewUser());

        await ApiCalls.AssertProblemNamesAsync(await client.GetAsync($"/api/v1/sessions?{query}", _ct), 400, field, _ct);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/sessions?status=waiting_for_input&taskType=simple_query", _ct)).StatusCode);
    }
}
