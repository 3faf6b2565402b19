using AgentPlatform.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Tests.Persistence;

/// <summary>`dotnet ef` builds the model through this factory: it must be the runtime model, fully migrated.</summary>
public sealed class DesignTimeDbContextFactoryTests
{
    [Fact]
    public void The_design_time_model_uses_snake_case_and_the_migrations_cover_it()
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([]);

        Assert.Equal("sessions", db.Model.FindEntityType(typeof(Session))!.GetTableName());
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration holds: add one with dotnet ef.");
    }
}
