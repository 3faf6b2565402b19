using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentPlatform.Tests.Deployment;

/// <summary>
/// The Api and the Worker as they run in production (processes, Production environment, OIDC provider, real LLM
/// client against the fake server), against the test's PostgreSQL and Redis.
/// </summary>
[Collection(ProductionStackCollection.Name)]
public sealed class ProductionStackTests(ProductionStackFixture stack)
{
    [Fact]
    public void The_api_started_first_did_not_migrate_and_was_not_ready()
    {
        Assert.False(stack.DatabaseExistedBeforeMigrate, "the Api created the database by itself");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stack.ApiHealthBeforeMigrate);
    }

    [Fact]
    public async Task Two_migrate_steps_at_once_both_succeed_and_apply_every_migration_once()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(stack.MigrateExitCodes.All(c => c == 0), $"migrate exit codes {string.Join(", ", stack.MigrateExitCodes)}:\n{stack.MigrateOutput}");

        await using var connection = new NpgsqlConnection(stack.ConnectionString);
        await connection.OpenAsync(ct);
        var applied = await ScalarAsync<long>(connection, "SELECT count(*) FROM \"__EFMigrationsHistory\"", ct);
        var distinct = await ScalarAsync<long>(connection, "SELECT count(DISTINCT migration_id) FROM \"__EFMigrationsHistory\"", ct);
        await using var db = new AgentDbContext(new DbContextOptionsBuilder<AgentDbContext>().UseNpgsql(stack.ConnectionString).Options);
        Assert.Equal(db.Database.GetMigrations().Count(), applied);
        Assert.Equal(applied, distinct);
        Assert.Equal(1, await ScalarAsync<long>(connection, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'hangfire' AND table_name = 'job'", ct));

        // Once more, on an up-to-date schema: nothing to do, and still success.
        await using var again = ServiceProcess.Start("AgentPlatform.Api", stack.Environment(), "migrate");
        Assert.Equal(0, await again.WaitForExitAsync(TimeSpan.FromMinutes(2), ct));
    }

    [Fact]
    public async Task A_token_from_the_oidc_provider_creates_a_session_the_worker_completes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Client(await stack.Provider.TokenAsync(ProductionStackFixture.User.ClientId, ct));

        using var created = await http.PostAsJsonAsync("/api/v1/sessions", new { prompt = "Say hello in production", taskType = "simple_query" }, ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString();

        var status = await Poll.UntilAsync(
            async () => (await http.GetFromJsonAsync<JsonElement>($"/api/v1/sessions/{id}", ct)).GetProperty("status").GetString(),
            s => s is "completed" or "failed" or "incomplete", TimeSpan.FromSeconds(60), ct);
        Assert.Equal("completed", status);
    }

    [Fact]
    public async Task A_development_hs256_token_is_refused()
    {
        using var http = Client(TestTokens.Create(ProductionStackFixture.User.ClientId));

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/sessions", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_signed_by_the_provider_is_refused()
    {
        using var http = Client(stack.Provider.ExpiredToken(ProductionStackFixture.User.ClientId));

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/sessions", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task A_token_the_provider_issued_for_another_audience_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = Client(await stack.Provider.TokenAsync(ProductionStackFixture.OtherAudience.ClientId, ct));

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/sessions", ct)).StatusCode);
    }

    [Fact]
    public async Task The_api_reference_is_off_and_hsts_is_sent_to_a_client_behind_a_tls_proxy()
    {
        var ct = TestContext.Current.CancellationToken;
        using (var signedIn = Client(await stack.Provider.TokenAsync(ProductionStackFixture.User.ClientId, ct)))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await signedIn.GetAsync("/openapi/v1.json", ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await signedIn.GetAsync("/scalar", ct)).StatusCode);
        }

        using var http = new HttpClient { BaseAddress = stack.Api.Address };

        // The gateway or ingress terminates TLS and says so; loopback is a trusted proxy by default.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/alive");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Host = "agents.example.com";
        using var response = await http.SendAsync(request, ct);
        Assert.True(response.Headers.Contains("Strict-Transport-Security"), "no HSTS header behind a TLS-terminating proxy");
    }

    private HttpClient Client(string token)
    {
        var http = new HttpClient { BaseAddress = stack.Api.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }
}
