global using AgentPlatform.Core.Domain;
global using Xunit;
