namespace AgentPlatform.Api.Streams;

/// <summary>
/// The owner a stream's reads are filtered by. A stream outlives the request or hub invocation that opened it, so it
/// cannot use the request-scoped <see cref="HttpSessionOwner"/>.
/// </summary>
internal sealed class StreamOwner(string ownerId) : ISessionOwner
{
    public string? OwnerId { get; } = ownerId;
}
