namespace AgentPlatform.AppHost.Infrastructure;

/// <summary>PostgreSQL from the machine's own binaries, run by Aspire as an executable; its connection string names the app database.</summary>
public sealed class LocalPostgresResource(string name, string command, string workingDirectory, ParameterResource password, int port, string database)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public int Port { get; } = port;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"Host=127.0.0.1;Port={Port.ToString(System.Globalization.CultureInfo.InvariantCulture)};Username=postgres;Password={password};Database={database}");
}
