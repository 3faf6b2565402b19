using Scalar.AspNetCore;

namespace AgentPlatform.Api.Extensions;

public static class ApiDocsExtensions
{
    /// <summary>The OpenAPI document at /openapi/v1.json and the Scalar reference at /scalar, both anonymous.</summary>
    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference().AllowAnonymous();
        return app;
    }
}
