using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace AgentPlatform.Tests.Api;

/// <summary>The Worker's Hangfire dashboard and its error answers (issue #12, findings 1 and 8).</summary>
[Collection(ApiCollection.Name)]
public sealed class WorkerErrorsTests(ApiFixture fixture)
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_hangfire_dashboard_and_its_actions_need_an_admin_token()
    {
        using var anonymous = fixture.Worker.ClientFor(null);
        using var user = fixture.Worker.ClientFor(ApiFixture.NewUser());
        using var admin = fixture.Worker.ClientFor("operator", admin: true);
        var requeue = $"/hangfire/jobs/actions/requeue/{Guid.NewGuid()}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/hangfire/jobs/succeeded", _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync(requeue, new FormUrlEncodedContent([]), _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync("/hangfire/jobs/succeeded", _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await user.PostAsync(requeue, new FormUrlEncodedContent([]), _ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire/jobs/succeeded", _ct)).StatusCode);
    }

    [Fact]
    public async Task A_dashboard_post_with_a_json_body_is_a_415_problem_not_an_exception_page()
    {
        using var anonymous = fixture.Worker.ClientFor(null);
        using var admin = fixture.Worker.ClientFor("operator", admin: true);
        var json = () => new StringContent("""{"metrics":["x"]}""", Encoding.UTF8, "application/json");

        var asAdmin = await admin.PostAsync("/hangfire/stats", json(), _ct);
        var asAnyone = await anonymous.PostAsync("/hangfire/stats", json(), _ct);

        await AssertProblemAsync(asAdmin, 415);
        await AssertProblemAsync(asAnyone, 401);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/hangfire/stats", new FormUrlEncodedContent([new("metrics[]", "servers:count")]), _ct)).StatusCode);
    }

    [Fact]
    public async Task The_workers_401_403_and_405_are_problem_details()
    {
        using var anonymous = fixture.Worker.ClientFor(null);
        using var user = fixture.Worker.ClientFor(ApiFixture.NewUser());
        using var admin = fixture.Worker.ClientFor("operator", admin: true);

        await AssertProblemAsync(await anonymous.GetAsync("/admin/queue", _ct), 401);
        await AssertProblemAsync(await user.GetAsync("/admin/queue", _ct), 403);
        await AssertProblemAsync(await admin.DeleteAsync("/admin/queue", _ct), 405);
        await AssertProblemAsync(await admin.GetAsync("/admin/nothing-here", _ct), 404);
    }

    private async Task AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(_ct);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
    }
}
