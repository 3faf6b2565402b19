namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>redis-server from the machine's own binaries, run by Aspire as an executable.</summary>
public sealed class LocalRedisResource(string name, string command, string workingDirectory, ParameterResource password, int port)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public int Port { get; } = port;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"127.0.0.1:{Port.ToString(System.Globalization.CultureInfo.InvariantCulture)},password={password}");
}
