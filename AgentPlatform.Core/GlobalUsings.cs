global using AgentPlatform.Core.Domain;
