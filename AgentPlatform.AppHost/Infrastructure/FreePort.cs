using System.Net;
using System.Net.Sockets;

namespace AgentPlatform.AppHost.Infrastructure;

internal static class FreePort
{
    /// <summary>A configured port, else one the OS says is free on loopback now.</summary>
    public static int Choose(string? configured)
    {
        if (int.TryParse(configured, out var port) && port > 0)
        {
            return port;
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
