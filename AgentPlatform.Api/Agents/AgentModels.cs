using AgentPlatform.Core.Llm;
using Microsoft.Extensions.Options;

namespace AgentPlatform.Api.Agents;

/// <summary>Which model a task type uses: its profile's model, else the provider's, else the simulated one.</summary>
public sealed class AgentModels(IOptions<AgentProfiles> profiles, IConfiguration configuration)
{
    private readonly LlmConnection? _llm = LlmConnection.Parse(configuration.GetConnectionString(ResourceNames.Llm));

    public bool IsSimulated => _llm is null;

    public string ModelFor(TaskType taskType) =>
        _llm is null ? LlmConnection.SimulatedModel : profiles.Value.For(taskType).Model ?? _llm.Model;
}
