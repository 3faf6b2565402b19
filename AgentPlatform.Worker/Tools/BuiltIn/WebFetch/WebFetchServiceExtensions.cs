using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentPlatform.Worker.Tools.BuiltIn.WebFetch;

public static class WebFetchServiceExtensions
{
    /// <summary>web_fetch, with the address policy (public addresses only) and the DNS resolver it checks every connection with.</summary>
    public static IServiceCollection AddWebFetchTool(this IServiceCollection services)
    {
        services.TryAddSingleton<IWebAddressPolicy>(sp => new PublicAddressPolicy(
            sp.GetRequiredService<IConfiguration>().GetSection("Tools:WebFetch:AllowedPorts").Get<int[]>()));
        services.TryAddSingleton<IHostResolver, DnsHostResolver>();
        services.AddSingleton<AgentTool, WebFetchTool>();
        return services;
    }
}
