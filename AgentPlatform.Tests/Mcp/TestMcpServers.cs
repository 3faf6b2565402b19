using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AgentPlatform.Tests.McpServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AgentPlatform.Tests.Mcp;

/// <summary>
/// The MCP servers the tests talk to, over real transports: the test server's tools (<see cref="TestServerTools"/>)
/// over Streamable HTTP in Kestrel and over stdio (AgentPlatform.Tests.McpServer), and the npm reference server
/// server-everything (installed by scripts/install-test-deps.sh) over stdio and over Streamable HTTP.
/// </summary>
public sealed class TestMcpServers : IAsyncDisposable
{
    private WebApplication? _web;
    private Process? _everythingHttp;

    public Uri WebUrl { get; private set; } = null!;

    public Uri EverythingUrl { get; private set; } = null!;

    /// <summary><c>dotnet</c> and the stdio test server's dll.</summary>
    public static (string Command, string Dll) StdioServer()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..",
            "AgentPlatform.Tests.McpServer", "bin", configuration, "net10.0", "AgentPlatform.Tests.McpServer.dll"));
        return ("dotnet", File.Exists(dll) ? dll : Path.Combine(AppContext.BaseDirectory, "AgentPlatform.Tests.McpServer.dll"));
    }

    /// <summary>server-everything's entry point in the tests' npm folder.</summary>
    public static string EverythingScript()
    {
        var script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..",
            "Mcp", "Everything", "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js"));
        return File.Exists(script) ? script
            : throw new InvalidOperationException($"server-everything is not installed ({script}): run scripts/install-test-deps.sh.");
    }

    public static async Task<TestMcpServers> StartAsync(CancellationToken ct)
    {
        var servers = new TestMcpServers();
        servers._web = LoopbackApp.Create(s => s.AddMcpServer().WithHttpTransport(o => o.Stateless = false).WithTools<TestServerTools>());
        servers._web.MapMcp("/mcp");
        await servers._web.StartAsync(ct);
        servers.WebUrl = new Uri(servers._web.Services.ListeningAddress(), "/mcp");

        var port = FreePort();
        var info = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(EverythingScript());
        info.ArgumentList.Add("streamableHttp");
        info.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        servers._everythingHttp = Process.Start(info) ?? throw new InvalidOperationException("node did not start.");
        servers._everythingHttp.OutputDataReceived += (_, _) => { };
        servers._everythingHttp.ErrorDataReceived += (_, _) => { };
        servers._everythingHttp.BeginOutputReadLine();
        servers._everythingHttp.BeginErrorReadLine();
        await Poll.UntilAsync(() => CanConnectAsync(port), up => up, TimeSpan.FromSeconds(30), ct);
        servers.EverythingUrl = new Uri($"http://127.0.0.1:{port}/mcp");
        return servers;
    }

    public async ValueTask DisposeAsync()
    {
        if (_everythingHttp is { HasExited: false })
        {
            _everythingHttp.Kill(entireProcessTree: true);
            await _everythingHttp.WaitForExitAsync();
        }

        _everythingHttp?.Dispose();
        if (_web is not null)
        {
            await _web.DisposeAsync();
        }
    }

    private static async Task<bool> CanConnectAsync(int port)
    {
        using var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
