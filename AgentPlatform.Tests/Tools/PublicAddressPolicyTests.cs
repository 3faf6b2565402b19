using System.Net;

namespace AgentPlatform.Tests.Tools;

public sealed class PublicAddressPolicyTests
{
    private readonly PublicAddressPolicy _policy = new();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("::1")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.254")]
    [InlineData("192.168.1.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("169.254.169.254")]
    [InlineData("169.254.1.1")]
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("255.255.255.255")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fe80::1")]
    [InlineData("fe80::1%2")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::a00:1")]
    [InlineData("2002:a00:1::1")]
    [InlineData("168.63.129.16")]
    [InlineData("64:ff9b:1::1")]
    [InlineData("64:ff9b:1:abcd::808:808")]
    [InlineData("2001:2::1")]
    [InlineData("2001:10::1")]
    [InlineData("2001:1f::1")]
    [InlineData("192.88.99.1")]
    public void Refuses_local_private_reserved_and_metadata_addresses(string address)
    {
        Assert.False(_policy.IsAllowed(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void Allows_public_addresses(string address)
    {
        Assert.True(_policy.IsAllowed(IPAddress.Parse(address)));
    }

    [Fact]
    public void Only_ports_80_and_443_are_allowed_unless_more_are_configured()
    {
        Assert.True(_policy.IsPortAllowed(80));
        Assert.True(_policy.IsPortAllowed(443));
        Assert.False(_policy.IsPortAllowed(8080));
        Assert.False(_policy.IsPortAllowed(22));
        Assert.True(new PublicAddressPolicy([8443]).IsPortAllowed(8443));
    }
}
