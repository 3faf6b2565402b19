using Microsoft.AspNetCore.Http;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AgentPlatform.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class WorkerOperationsTests(ApiFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pausing_the_queue_holds_new_runs_and_degrades_health_until_it_is_resumed()
    {
        using var admin = fixture.Worker.ClientFor("operator", admin: true);
        using var user = fixture.Client(ApiFixture.NewUser());
        try
        {
            var paused = await admin.PostAsync("/admin/queue/pause", null, _ct);
            Assert.Equal(HttpStatusCode.Accepted, paused.StatusCode);
            Assert.True((await admin.GetFromJsonAsync<JsonElement>("/admin/queue", _ct)).GetProperty("paused").GetBoolean());
            var health = await admin.GetFromJsonAsync<JsonElement>("/health", _ct);
            Assert.Equal("Degraded", health.GetProperty("status").GetString());

            var session = await user.CreateSessionAsync("wait for the queue", _ct);
            await Task.Delay(TimeSpan.FromSeconds(2), _ct);
            Assert.Equal("pending", (await user.GetSessionAsync(session.Id(), _ct)).Status());

            var resumed = await admin.PostAsync("/admin/queue/resume", null, _ct);
            Assert.Equal(HttpStatusCode.Accepted, resumed.StatusCode);
            await user.WaitForStatusAsync(session.Id(), _ct, "completed");
        }
        finally
        {
            await admin.PostAsync("/admin/queue/resume", null, CancellationToken.None);
        }
    }

    [Fact]
    public async Task Worker_admin_endpoints_need_an_admin_token()
    {
        using var anonymous = fixture.Worker.ClientFor(null);
        using var user = fixture.Worker.ClientFor(ApiFixture.NewUser());

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/admin/queue/pause", null, _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync("/admin/queue/pause", null, _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync("/admin/tools/reset", null, _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/metrics", _ct)).StatusCode);
    }

    [Fact]
    public async Task Resetting_all_tool_circuits_answers_with_every_tool_closed()
    {
        using var admin = fixture.Worker.ClientFor("operator", admin: true);

        var response = await admin.PostAsync("/admin/tools/reset", null, _ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var tools = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Contains(tools.EnumerateArray(), t => t.GetProperty("name").GetString() == "web_fetch");
        Assert.All(tools.EnumerateArray(), t => Assert.Equal("closed", t.GetProperty("circuit").GetString()));
    }

    [Fact]
    public async Task The_hangfire_dashboard_is_viewable_from_loopback_in_development_but_its_actions_are_not()
    {
        var view = await fixture.Worker.Server.SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/hangfire";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        }, _ct);
        var action = await fixture.Worker.Server.SendAsync(c =>
        {
            c.Request.Method = "POST";
            c.Request.Path = $"/hangfire/jobs/actions/requeue/{Guid.NewGuid()}";
            c.Request.ContentType = "application/x-www-form-urlencoded";
            c.Connection.RemoteIpAddress = IPAddress.Loopback;
        }, _ct);

        Assert.Equal(StatusCodes.Status200OK, view.Response.StatusCode);
        Assert.Contains("AgentPlatform jobs", await new StreamReader(view.Response.Body).ReadToEndAsync(_ct));
        Assert.Equal(StatusCodes.Status401Unauthorized, action.Response.StatusCode);
    }
}
