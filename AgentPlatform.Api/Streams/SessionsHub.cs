using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace AgentPlatform.Api.Streams;

/// <summary>
/// <c>/hubs/sessions</c>: a client subscribes to any of its sessions after a seq and receives <c>Event(event)</c> for
/// each; another user's or an unknown session fails the invocation with "not found". Thin: the subscriptions live in
/// <see cref="HubSubscriptions"/>.
/// </summary>
[Authorize]
public sealed class SessionsHub(HubSubscriptions subscriptions) : Hub<ISessionsClient>
{
    public Task Subscribe(Guid sessionId, long afterSeq) => subscriptions.SubscribeAsync(Context, sessionId, afterSeq);

    public Task Unsubscribe(Guid sessionId) => subscriptions.UnsubscribeAsync(Context.ConnectionId, sessionId);

    public override Task OnDisconnectedAsync(Exception? exception) => subscriptions.RemoveConnectionAsync(Context.ConnectionId);
}
