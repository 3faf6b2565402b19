global using AgentPlatform.Api.Extensions;
global using AgentPlatform.Core;
global using AgentPlatform.Core.Domain;
global using AgentPlatform.Core.Persistence;
global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.EntityFrameworkCore;
global using AgentPlatform.Api.Sessions;
