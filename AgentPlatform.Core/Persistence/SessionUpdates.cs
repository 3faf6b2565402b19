using Microsoft.EntityFrameworkCore;

namespace AgentPlatform.Core.Persistence;

public static class SessionUpdates
{
    private const int MaxAttempts = 8;

    /// <summary>
    /// Loads a session, applies <paramref name="change"/> and saves it with its new events. When another writer
    /// committed first (the row's xmin changed), it reloads and applies the change again, so that commands from the
    /// Api and progress from the Worker never overwrite each other or reuse an event number.
    /// </summary>
    /// <returns>The saved session, or null when it does not exist (for this owner).</returns>
    public static async Task<Session?> UpdateSessionAsync(
        this AgentDbContext db, Guid sessionId, Action<Session> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
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
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                db.ChangeTracker.Clear();
                await Task.Delay(TimeSpan.FromMilliseconds(5 * attempt), cancellationToken);
            }
        }
    }
}
