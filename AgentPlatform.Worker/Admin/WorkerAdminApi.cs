using AgentPlatform.Worker.Jobs;
using AgentPlatform.Worker.Tools;
using Hangfire;
using Hangfire.Dashboard;

namespace AgentPlatform.Worker.Admin;

/// <summary>What operators steer on a Worker: its queue, its tool circuits, and the Hangfire dashboard.</summary>
public static class WorkerAdminApi
{
    public const string DashboardPath = "/hangfire";

    /// <param name="WorkerCount">Runs this Worker executes at once at most (<c>Worker:MaxConcurrentRuns</c>).</param>
    /// <param name="ActiveRuns">Runs it is executing now.</param>
    /// <param name="PeakRuns">The most it executed at once since it started.</param>
    public sealed record QueueState(bool Paused, int WorkerCount, int ActiveRuns, int PeakRuns)
    {
        public static QueueState Of(JobServerControl queue) => new(queue.Paused, queue.WorkerCount, queue.Host.Active, queue.Host.Peak);
    }

    public static WebApplication MapWorkerAdmin(this WebApplication app)
    {
        var admin = app.MapGroup("/admin").RequireAuthorization(AuthExtensions.AdminPolicy);
        admin.MapGet("/queue", (JobServerControl queue) => TypedResults.Ok(QueueState.Of(queue)));
        admin.MapPost("/queue/pause", async (JobServerControl queue, CancellationToken ct) =>
        {
            await queue.PauseAsync(ct);
            return TypedResults.Accepted("/admin/queue", QueueState.Of(queue));
        });
        admin.MapPost("/queue/resume", async (JobServerControl queue, CancellationToken ct) =>
        {
            await queue.ResumeAsync(ct);
            return TypedResults.Accepted("/admin/queue", QueueState.Of(queue));
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
