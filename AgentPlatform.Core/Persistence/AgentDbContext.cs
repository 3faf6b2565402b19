using AgentPlatform.Core.Events;
using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Core.Persistence;

/// <param name="options">The EF Core options.</param>
/// <param name="owner">Whose sessions this unit of work sees; none sees all (the Worker).</param>
/// <param name="publisher">
/// When present, the events a save wrote are published once it has committed. A save inside an explicit transaction
/// publishes nothing (its events would be live before they are durable); subscribers still read them from the log.
/// </param>
public sealed class AgentDbContext(DbContextOptions<AgentDbContext> options, ISessionOwner? owner = null, IEventPublisher? publisher = null)
    : DbContext(options)
{
    private readonly string? _ownerId = owner?.OwnerId;

    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<Run> Runs => Set<Run>();
    public DbSet<SessionEvent> Events => Set<SessionEvent>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AgentDbContext).Assembly);
        modelBuilder.Entity<Session>().HasQueryFilter(s => _ownerId == null || s.OwnerId == _ownerId);
        modelBuilder.Entity<Run>().HasQueryFilter(r => _ownerId == null || Sessions.Any(s => s.Id == r.SessionId));
        modelBuilder.Entity<SessionEvent>().HasQueryFilter(e => _ownerId == null || Sessions.Any(s => s.Id == e.SessionId));
        modelBuilder.Entity<IdempotencyRecord>().HasQueryFilter(r => _ownerId == null || r.OwnerId == _ownerId);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var sessions = ChangeTracker.Entries<Session>().Select(e => e.Entity).ToList();
        foreach (var session in sessions)
        {
            Events.AddRange(session.NewEvents);
        }

        var added = ChangeTracker.Entries<SessionEvent>().Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity).OrderBy(e => e.SessionId).ThenBy(e => e.Seq).ToList();
        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        foreach (var session in sessions)
        {
            session.ClearNewEvents();
        }

        if (publisher is not null && added.Count > 0 && Database.CurrentTransaction is null)
        {
            await publisher.PublishAsync(added);
        }

        return written;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: the event log is written with it.");
}
