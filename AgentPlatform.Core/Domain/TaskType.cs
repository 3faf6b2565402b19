namespace AgentPlatform.Core.Domain;

public enum TaskType
{
    General,
    SimpleQuery,
    WebSearch,
    CodeGeneration,
    Analysis,
}
