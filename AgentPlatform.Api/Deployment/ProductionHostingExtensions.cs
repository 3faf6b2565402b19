using Microsoft.AspNetCore.HttpOverrides;

namespace AgentPlatform.Api.Deployment;

/// <summary>
/// What running behind a proxy in production needs: forwarded headers, HSTS and HTTPS redirection by configuration,
/// migrations at start only when configured, and the start-up checks (OIDC authority, no development key, an LLM
/// provider named, since the Api reports the model every session uses).
/// </summary>
public static class ProductionHostingExtensions
{
    public static IHostApplicationBuilder AddProductionHosting(this IHostApplicationBuilder builder)
    {
        builder.AddProductionAuthRequirements();
        var production = builder.Environment.IsProduction();
        builder.Services.AddOptions<ProductionLlm>()
            .Configure<IConfiguration>((o, configuration) => o.ConnectionString = configuration.GetConnectionString(ResourceNames.Llm))
            .Validate(o => !production || !string.IsNullOrWhiteSpace(o.ConnectionString),
                $"Production needs an LLM provider: set ConnectionStrings:{ResourceNames.Llm} (Endpoint=...;Key=...;Model=...).")
            .ValidateOnStart();

        var forwarded = builder.Configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new();
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded.ApplyTo);
        var https = builder.Configuration.GetSection(HttpsOptions.Section).Get<HttpsOptions>() ?? new();
        builder.Services.AddHsts(o => o.MaxAge = https.HstsMaxAge);
        return builder;
    }

    /// <summary>First in the pipeline, so everything after it sees the client's address and scheme.</summary>
    public static WebApplication UseProductionHosting(this WebApplication app)
    {
        var forwarded = app.Configuration.GetSection(ForwardedHeadersSettings.Section).Get<ForwardedHeadersSettings>() ?? new();
        if (forwarded.Enabled)
        {
            app.UseForwardedHeaders();
        }

        var https = app.Configuration.GetSection(HttpsOptions.Section).Get<HttpsOptions>() ?? new();
        if (https.Hsts)
        {
            app.UseHsts();
        }

        if (https.Redirect)
        {
            app.UseHttpsRedirection();
        }

        return app;
    }

    public sealed class ProductionLlm
    {
        public string? ConnectionString { get; set; }
    }
}
