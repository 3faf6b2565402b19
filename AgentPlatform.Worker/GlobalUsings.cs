global using AgentPlatform.Core;
global using AgentPlatform.Core.Domain;
global using AgentPlatform.Core.Persistence;
global using AgentPlatform.Worker.Extensions;
global using AgentPlatform.Worker.Llm;
global using AgentPlatform.Worker.Tools;
global using Microsoft.EntityFrameworkCore;
global using Microsoft.Extensions.AI;
