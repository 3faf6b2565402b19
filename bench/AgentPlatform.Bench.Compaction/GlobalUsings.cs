global using AgentPlatform.Core.Domain;
global using AgentPlatform.Worker.Llm;
global using AgentPlatform.Worker.Memory;
global using Microsoft.Extensions.AI;
