using System.Net;
using System.Net.Sockets;

namespace AgentPlatform.Tests.Tools;

/// <summary>The system resolver as web_fetch and webhooks use it: a name that does not exist is the caller's mistake.</summary>
public sealed class DnsHostResolverTests
{
    [Fact]
    public async Task Localhost_resolves_to_a_loopback_address()
    {
        var addresses = await new DnsHostResolver().ResolveAsync("localhost", TestContext.Current.CancellationToken);

        Assert.NotEmpty(addresses);
        Assert.All(addresses, a => Assert.True(IPAddress.IsLoopback(a), a.ToString()));
    }

    [Theory]
    [InlineData(SocketError.HostNotFound)]
    [InlineData(SocketError.NoData)]
    public async Task A_name_that_does_not_exist_is_a_tool_error_naming_it(SocketError error)
    {
        var resolver = new DnsHostResolver((_, _) => throw new SocketException((int)error));

        var refused = await Assert.ThrowsAsync<ToolException>(() => resolver.ResolveAsync("nowhere.invalid", TestContext.Current.CancellationToken));

        Assert.Equal("The host 'nowhere.invalid' does not exist.", refused.Message);
        Assert.Equal(error, Assert.IsType<SocketException>(refused.InnerException).SocketErrorCode);
    }

    [Fact]
    public async Task A_resolver_that_cannot_answer_is_not_mistaken_for_a_missing_name()
    {
        var resolver = new DnsHostResolver((_, _) => throw new SocketException((int)SocketError.TryAgain));

        var error = await Assert.ThrowsAsync<SocketException>(() => resolver.ResolveAsync("example.com", TestContext.Current.CancellationToken));

        Assert.Equal(SocketError.TryAgain, error.SocketErrorCode);
    }
}
