global using AgentPlatform.Core.Domain;
global using AgentPlatform.Core.Domain.Events;
global using Xunit;
