using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AgentPlatform.Tests.Support;

/// <summary>
/// Forwards connections from a free loopback port to a server, until <see cref="CutAsync"/> closes them all and refuses
/// new ones: the server, as seen through the relay, is gone (a network partition, or a client process that died).
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _cut = new();
    private readonly ConcurrentBag<TcpClient> _connections = [];
    private readonly Task _accepting;

    public TcpRelay(string host, int port)
    {
        _listener.Start();
        _accepting = AcceptAsync(host, port);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async Task CutAsync()
    {
        if (_cut.IsCancellationRequested)
        {
            return;
        }

        await _cut.CancelAsync();
        _listener.Stop();
        foreach (var connection in _connections)
        {
            connection.Dispose();
        }

        await _accepting;
    }

    /// <summary>Closes the connections open now and keeps accepting new ones: a network blip rather than a partition.</summary>
    public void DropConnections()
    {
        while (_connections.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CutAsync();
        _cut.Dispose();
    }

    private async Task AcceptAsync(string host, int port)
    {
        while (!_cut.IsCancellationRequested)
        {
            var inbound = default(TcpClient);
            var outbound = new TcpClient();
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_cut.Token);
                _connections.Add(inbound);
                _connections.Add(outbound);
                await outbound.ConnectAsync(host, port, _cut.Token);
            }
            catch (OperationCanceledException) when (_cut.IsCancellationRequested)
            {
                outbound.Dispose();
                inbound?.Dispose();
                return;
            }

            _ = Task.WhenAny(Pipe(inbound, outbound), Pipe(outbound, inbound)).ContinueWith(
                _ => { inbound.Dispose(); outbound.Dispose(); }, TaskScheduler.Default);
        }
    }

    /// <summary>Copies one way until either side closes; a connection cut mid-copy ends it, which is the point.</summary>
    private static Task Pipe(TcpClient from, TcpClient to) => from.GetStream().CopyToAsync(to.GetStream());
}
