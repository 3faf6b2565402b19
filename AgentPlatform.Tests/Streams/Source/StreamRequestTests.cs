using System.Net.WebSockets;
using System.Security.Claims;
using AgentPlatform.Api.Streams;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace AgentPlatform.Tests.Streams.Source;

/// <summary>What a stream request carries from the HTTP request (<see cref="StreamsApi"/>), and how a WebSocket stream's end is closed (<see cref="AgentPlatform.Api.Streams.WebSocketStream"/>).</summary>
public sealed class StreamRequestTests
{
    private static readonly Guid Session = Guid.Parse("01a214b4-7aa1-7409-8d44-3cc4b2fcfad4");

    private static StreamRequest Create(HttpContext http)
    {
        Assert.True(StreamsApi.TryCreateRequest(http, Session.ToString(), 4, null, null, out var request, out _));
        return request;
    }

    [Fact]
    public void The_owner_and_the_tokens_expiry_come_from_the_authentication()
    {
        var expires = new DateTimeOffset(2026, 12, 1, 13, 0, 0, TimeSpan.Zero);
        var http = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "user-1")], "Bearer")) };
        http.Features.Set<IAuthenticateResultFeature>(new Authenticated(AuthenticateResult.Success(
            new AuthenticationTicket(http.User, new AuthenticationProperties { ExpiresUtc = expires }, "Bearer"))));

        Assert.Equal(new StreamRequest(Session, "user-1", 4, false, expires), Create(http));
    }

    [Fact]
    public void Without_a_user_id_or_an_authentication_result_the_request_has_no_owner_and_no_expiry()
    {
        var bare = new DefaultHttpContext();
        Assert.Equal(new StreamRequest(Session, "", 4), Create(bare));

        var noResult = new DefaultHttpContext();
        noResult.Features.Set<IAuthenticateResultFeature>(new Authenticated(null));
        Assert.Null(Create(noResult).AccessExpiresAt);

        var noProperties = new DefaultHttpContext();
        noProperties.Features.Set<IAuthenticateResultFeature>(new Authenticated(AuthenticateResult.NoResult()));
        Assert.Null(Create(noProperties).AccessExpiresAt);
    }

    [Theory]
    [InlineData(StreamEndReason.RunCompleted, WebSocketCloseStatus.NormalClosure)]
    [InlineData(StreamEndReason.SubscriberTooSlow, (WebSocketCloseStatus)4000)]
    [InlineData(StreamEndReason.AccessExpired, WebSocketCloseStatus.PolicyViolation)]
    [InlineData(StreamEndReason.ServerStopping, WebSocketCloseStatus.EndpointUnavailable)]
    [InlineData(StreamEndReason.Unavailable, WebSocketCloseStatus.InternalServerError)]
    public void A_websocket_stream_closes_with_the_status_of_its_end(StreamEndReason reason, WebSocketCloseStatus status) =>
        Assert.Equal(status, AgentPlatform.Api.Streams.WebSocketStream.CloseStatusOf(reason));

    private sealed class Authenticated(AuthenticateResult? result) : IAuthenticateResultFeature
    {
        public AuthenticateResult? AuthenticateResult { get; set; } = result;
    }
}
