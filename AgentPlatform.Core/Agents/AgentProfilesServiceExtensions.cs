using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Core.Agents;

public static class AgentProfilesServiceExtensions
{
    /// <summary>The profiles from <c>Agents</c>, validated at start (the Api and the Worker read the same ones).</summary>
    public static IServiceCollection AddAgentProfiles(this IServiceCollection services)
    {
        services.AddOptions<AgentProfiles>().BindConfiguration(AgentProfiles.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentProfiles>, AgentProfilesValidator>());
        return services;
    }
}
