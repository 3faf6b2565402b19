global using AgentPlatform.Core.Domain;
global using Xunit;
global using AgentPlatform.Tests.Support;
global using Aspire.Hosting;
global using Aspire.Hosting.Testing;
global using AgentPlatform.Tests.Api;
global using AgentPlatform.Tests.EndToEnd;
