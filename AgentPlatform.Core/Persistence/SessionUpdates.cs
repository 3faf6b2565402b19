using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentPlatform.Core.Persistence;

public static class SessionUpdates
{
    private const int MaxAttempts = 8;
    private const string EventSeqIndex = "ix_session_events_session_id_seq";

    /// <summary>
    /// Loads a session fresh, applies <paramref name="change"/> and saves it with its new events. When another writer
    /// committed first (the row's xmin changed, or its events took the next seq numbers), it reloads and applies the
    /// change again, so that commands from the Api and progress from the Worker never overwrite each other or reuse
    /// an event number.
    /// </summary>
    /// <returns>The saved session, or null when it does not exist (for this owner).</returns>
    public static async Task<Session?> UpdateSessionAsync(
        this AgentDbContext db, Guid sessionId, Action<Session> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, cancellationToken);
            if (session is null)
            {
                return null;
            }

            change(session);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return session;
            }
            catch (DbUpdateException ex) when (attempt < MaxAttempts && IsLostRace(ex))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5 * attempt), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Like <see cref="UpdateSessionAsync"/> for a writer that keeps working on one session (the Worker's run): the
    /// change is applied to <paramref name="session"/> as this context already tracks it, without loading it again.
    /// The row's xmin still guards the write: when another writer committed in between, the save fails and the change
    /// is applied again to a fresh copy through <see cref="UpdateSessionAsync"/>. The events and checkpoints just
    /// written are detached, so the context tracks only the session and its runs however long the run goes on.
    /// </summary>
    public static async Task<Session?> SaveTrackedSessionAsync(
        this AgentDbContext db, Session session, Action<Session> change, CancellationToken cancellationToken)
    {
        if (db.Entry(session).State == EntityState.Unchanged)
        {
            change(session);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                // Everything is Unchanged after the save: listing the entries needs no second scan for changes.
                db.ChangeTracker.AutoDetectChangesEnabled = false;
                try
                {
                    foreach (var written in db.ChangeTracker.Entries().Where(e => e.Entity is SessionEvent or RunCheckpoint or Webhooks.WebhookDelivery).ToList())
                    {
                        written.State = EntityState.Detached;
                    }
                }
                finally
                {
                    db.ChangeTracker.AutoDetectChangesEnabled = true;
                }

                return session;
            }
            catch (DbUpdateException ex) when (IsLostRace(ex))
            {
                // Another writer was first: the fresh copy below gets the change instead (this copy is discarded).
            }
        }

        return await db.UpdateSessionAsync(session.Id, change, cancellationToken);
    }

    private static bool IsLostRace(DbUpdateException ex) =>
        ex is DbUpdateConcurrencyException
        || ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: EventSeqIndex };
}
