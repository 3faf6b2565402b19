using System.Net;
using Hangfire.Dashboard;

namespace AgentPlatform.Worker.Admin;

/// <summary>
/// Who may use the Hangfire dashboard: an admin token, with its actions; in local Development also a browser on
/// loopback, read-only and GET only, so the Aspire dashboard's link works. Checked by ASP.NET Core authorization
/// before Hangfire runs, so a refused request never reaches Hangfire's pages or its command dispatchers.
/// </summary>
public static class HangfireDashboardAccess
{
    public const string Policy = "hangfire-dashboard";

    public static IHostApplicationBuilder AddWorkerAdmin(this IHostApplicationBuilder builder)
    {
        var localViewing = builder.Environment.IsDevelopment();
        builder.Services.AddProblemDetails();
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p.RequireAssertion(c =>
            c.User.IsInRole(AuthExtensions.AdminRole)
            || (localViewing && c.Resource is HttpContext http && HttpMethods.IsGet(http.Request.Method) && IsLoopback(http))));
        return builder;
    }

    /// <summary>Read-only for anyone but an admin: Hangfire then refuses its actions (requeue, delete, trigger).</summary>
    public static bool IsReadOnly(DashboardContext context) =>
        !context.GetHttpContext().User.IsInRole(AuthExtensions.AdminRole);

    /// <summary>
    /// Hangfire's POST handlers read a form; any other body made them throw (a 500 with an exception page).
    /// </summary>
    public static IApplicationBuilder UseDashboardFormsOnly(this IApplicationBuilder app, string path) =>
        app.UseWhen(
            c => c.Request.Path.StartsWithSegments(path) && HttpMethods.IsPost(c.Request.Method) && !c.Request.HasFormContentType,
            b => b.Run(c => TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported Media Type",
                detail: "The dashboard's actions take application/x-www-form-urlencoded bodies.").ExecuteAsync(c)));

    private static bool IsLoopback(HttpContext http) => http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip);
}
