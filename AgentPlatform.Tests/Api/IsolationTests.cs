using System.Net;
using System.Net.Http.Json;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class IsolationTests(ApiFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/events")]
    [InlineData("POST", "/stop")]
    [InlineData("POST", "/messages")]
    public async Task Another_users_session_answers_404_like_an_unknown_id_and_is_left_untouched(string method, string suffix)
    {
        using var owner = fixture.Client(ApiFixture.NewUser("owner"));
        using var intruder = fixture.Client(ApiFixture.NewUser("intruder"));
        var session = await owner.CreateSessionAsync("private", _ct);

        var foreign = await Send(intruder, method, $"/api/v1/sessions/{session.Id()}{suffix}");
        var unknown = await Send(intruder, method, $"/api/v1/sessions/{Guid.NewGuid()}{suffix}");

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        var final = await owner.WaitForStatusAsync(session.Id(), _ct, "completed", "stopped", "failed");
        Assert.Equal("completed", final.Status());
        var events = await owner.EventsAsync(session.Id(), _ct);
        Assert.Single(events, e => e.GetProperty("type").GetString() == "run.queued");
        Assert.DoesNotContain(events, e => e.GetProperty("data").ToString().Contains("hijack"));
    }

    private Task<HttpResponseMessage> Send(HttpClient client, string method, string path) =>
        method == "GET"
            ? client.GetAsync(path, _ct)
            : client.PostAsJsonAsync(path, new { prompt = "hijack", multitaskStrategy = "interrupt" }, _ct);
}
