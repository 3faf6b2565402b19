using Scalar.AspNetCore;

namespace AgentPlatform.Api.Extensions;

public static class ApiDocsExtensions
{
    /// <summary>
    /// The OpenAPI document at /openapi/v1.json and the Scalar reference at /scalar, both anonymous; <c>ApiDocs:Enabled</c>
    /// (default true, false in appsettings.Production.json) leaves both out.
    /// </summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        if (!app.Configuration.GetValue("ApiDocs:Enabled", true))
        {
            return app;
        }

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        return app;
    }
}
