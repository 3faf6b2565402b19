using AgentPlatform.Worker.Jobs;
using AgentPlatform.Worker.Tools;
using Hangfire;
using Hangfire.Dashboard;

namespace AgentPlatform.Worker.Admin;

/// <summary>What operators steer on a Worker: its queue, its tool circuits, and the Hangfire dashboard.</summary>
public static class WorkerAdminApi
{
    public const string DashboardPath = "/hangfire";

    public sealed record QueueState(bool Paused, int WorkerCount);

    public static WebApplication MapWorkerAdmin(this WebApplication app)
    {
        var admin = app.MapGroup("/admin").RequireAuthorization(AuthExtensions.AdminPolicy);
        admin.MapGet("/queue", (JobServerControl queue) => TypedResults.Ok(new QueueState(queue.Paused, queue.WorkerCount)));
        admin.MapPost("/queue/pause", async (JobServerControl queue, CancellationToken ct) =>
        {
            await queue.PauseAsync(ct);
            return TypedResults.Accepted("/admin/queue", new QueueState(queue.Paused, queue.WorkerCount));
        });
        admin.MapPost("/queue/resume", async (JobServerControl queue, CancellationToken ct) =>
        {
            await queue.ResumeAsync(ct);
            return TypedResults.Accepted("/admin/queue", new QueueState(queue.Paused, queue.WorkerCount));
        });
        admin.MapPost("/tools/reset", async (ToolRegistry tools, CancellationToken ct) =>
        {
            await tools.ResetAllAsync(ct);
            return TypedResults.Accepted("/admin/tools", tools.GetStates());
        });

        // ASP.NET Core authorization decides who gets in (HangfireDashboardAccess); Hangfire only hides the actions.
        app.UseDashboardFormsOnly(DashboardPath);
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = Array.Empty<IDashboardAuthorizationFilter>(),
            IsReadOnlyFunc = HangfireDashboardAccess.IsReadOnly,
            DashboardTitle = "AgentPlatform jobs",
        }).RequireAuthorization(HangfireDashboardAccess.Policy);

        return app;
    }
}
