using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AgentPlatform.Core.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the model without a running database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AgentDbContext>
{
    public AgentDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AgentDbContext>()
            .UseNpgsql("Host=localhost;Database=agentdb")
            .UseSnakeCaseNamingConvention()
            .Options);
}
