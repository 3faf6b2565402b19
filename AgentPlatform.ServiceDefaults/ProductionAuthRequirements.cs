using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What Production asks of authentication, checked when the host starts: an OIDC authority and an audience, and no
/// HS256 development key (a key that leaked from a development machine must never sign a production token).
/// <c>Auth:RequireHttpsMetadata</c> (default true) may be turned off only for a loopback test provider.
/// </summary>
public static class ProductionAuthRequirements
{
    public sealed class Settings
    {
        public string? Authority { get; set; }

        public string? Audience { get; set; }

        public string? SigningKey { get; set; }

        public bool RequireHttpsMetadata { get; set; } = true;
    }

    public static IHostApplicationBuilder AddProductionAuthRequirements(this IHostApplicationBuilder builder)
    {
        var production = builder.Environment.IsProduction();
        builder.Services.AddOptions<Settings>().BindConfiguration("Auth")
            .Validate(s => !production || !string.IsNullOrWhiteSpace(s.Authority),
                "Production needs Auth:Authority, the OIDC issuer whose tokens the service accepts.")
            .Validate(s => !production || !string.IsNullOrWhiteSpace(s.Audience),
                "Production needs Auth:Audience, the audience its tokens are issued for.")
            .Validate(s => !production || string.IsNullOrWhiteSpace(s.SigningKey),
                "Production refuses Auth:SigningKey: the HS256 development key must not be configured; use Auth:Authority.")
            .ValidateOnStart();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<Settings>>((jwt, settings) => jwt.RequireHttpsMetadata = settings.Value.RequireHttpsMetadata);
        return builder;
    }
}
