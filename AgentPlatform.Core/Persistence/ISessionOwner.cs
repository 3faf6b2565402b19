namespace AgentPlatform.Core.Persistence;

/// <summary>
/// The user whose data a unit of work may see. The Api supplies the caller; the Worker supplies none and sees all.
/// <see cref="AgentDbContext"/> turns it into query filters, so isolation holds in the data layer, not only in handlers.
/// </summary>
public interface ISessionOwner
{
    string? OwnerId { get; }
}
