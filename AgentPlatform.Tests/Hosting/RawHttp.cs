using System.Net.Sockets;
using System.Text;

namespace AgentPlatform.Tests.Hosting;

/// <summary>
/// One HTTP/1.1 request written byte for byte on a TcpClient (HttpClient refuses to send a NUL, a Latin-1 header byte
/// or a header of 40 KB), and the answer read until the server closes or the body's Content-Length is in.
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(Uri server, byte[] request, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(request, cancellationToken);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        while (RawResponse.TryParse(received.ToArray()) is null)
        {
            int read;
            try
            {
                read = await stream.ReadAsync(buffer, timeout.Token);
            }
            catch (IOException)
            {
                break; // reset by the server after its answer: what was read is the answer
            }

            if (read == 0)
            {
                break;
            }

            received.Write(buffer, 0, read);
        }

        return RawResponse.TryParse(received.ToArray()) ?? throw new InvalidOperationException(
            $"No complete HTTP answer: '{Encoding.Latin1.GetString(received.ToArray())}'");
    }

    /// <summary>A GET with the given target and extra header lines (each without its CRLF), as Latin-1 bytes.</summary>
    public static byte[] Get(string target, params string[] headers) =>
        Encoding.Latin1.GetBytes($"GET {target} HTTP/1.1\r\nHost: localhost\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n");
}
