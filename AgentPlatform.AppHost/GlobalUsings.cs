global using AgentPlatform.AppHost.Infrastructure;
global using AgentPlatform.Core;
global using Aspire.Hosting.ApplicationModel;
global using Microsoft.Extensions.Configuration;
global using AgentPlatform.AppHost;
