using AgentPlatform.Core.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AgentPlatform.Core.Persistence;

public sealed class AgentDbContext(
    DbContextOptions<AgentDbContext> options, ISessionOwner? owner = null, IEnumerable<ISavedEventsObserver>? observers = null)
    : DbContext(options)
{
    private static readonly ValueConverter<string, string> StorableString = new(v => StorableText.Sanitize(v), v => v);
    private static readonly ValueConverter<string, string> StorableJson = new(v => StorableText.SanitizeJson(v), v => v);

    private readonly string? _ownerId = owner?.OwnerId;

    public DbSet<Session> Sessions => Set<Session>();
    public DbSet<Run> Runs => Set<Run>();
    public DbSet<SessionEvent> Events => Set<SessionEvent>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<RunCheckpoint> RunCheckpoints => Set<RunCheckpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AgentDbContext).Assembly);
        // Text from outside may hold what PostgreSQL refuses (a NUL, a lone surrogate): stored with U+FFFD instead.
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()).Where(p => p.ClrType == typeof(string)))
        {
            property.SetValueConverter(property.GetColumnType() == "jsonb" ? StorableJson : StorableString);
        }

        modelBuilder.Entity<Session>().HasQueryFilter(s => _ownerId == null || s.OwnerId == _ownerId);
        modelBuilder.Entity<Run>().HasQueryFilter(r => _ownerId == null || Sessions.Any(s => s.Id == r.SessionId));
        modelBuilder.Entity<SessionEvent>().HasQueryFilter(e => _ownerId == null || Sessions.Any(s => s.Id == e.SessionId));
        modelBuilder.Entity<RunCheckpoint>().HasQueryFilter(c => _ownerId == null || Runs.Any(r => r.Id == c.RunId));
        modelBuilder.Entity<WebhookDelivery>().HasQueryFilter(d => _ownerId == null || Sessions.Any(s => s.Id == d.SessionId));
        modelBuilder.Entity<IdempotencyRecord>().HasQueryFilter(r => _ownerId == null || r.OwnerId == _ownerId);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var sessions = ChangeTracker.Entries<Session>().Select(e => e.Entity).ToList();
        var saved = sessions.SelectMany(s => s.NewEvents.Select(e => new SavedEvent(s, e))).ToList();
        Events.AddRange(saved.Select(s => s.Event));
        // The webhook outbox: a run that ends owes its session's webhook a call, committed with the run.completed event.
        WebhookDeliveries.AddRange(saved
            .Where(s => s.Event.Type == EventTypes.RunCompleted && s.Session.WebhookUrl is not null)
            .Select(s => new WebhookDelivery(s.Session.Id, s.Event.Seq, s.Event.Timestamp)));

        var written = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        foreach (var session in sessions)
        {
            session.ClearNewEvents();
        }

        if (saved.Count > 0)
        {
            foreach (var observer in observers ?? [])
            {
                observer.OnSaved(saved);
            }
        }

        return written;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: the event log is written with it.");
}
