using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Gives Kestrel's own empty 400 a problem details body. A request whose line Kestrel cannot read (a NUL in the path,
/// <c>%00</c>; a malformed request line) is answered by Kestrel itself, before any middleware, with an empty 400 and
/// the connection closed, and no hook gives that answer a body (aspnet/KestrelHttpServer#2947). This connection
/// middleware sees the answer on its way out and adds one.
/// </summary>
/// <remarks>
/// Hand-written because there is no other place to do it. It recognizes only that exact answer, a whole HTTP/1.1 header
/// block written at once: status 400, <c>Content-Length: 0</c>, <c>Connection: close</c> and no content type. The app's
/// own 400s always carry a problem details body, so they never match, and HTTP/2 frames never start with a status line.
/// </remarks>
public static class BareBadRequestBodies
{
    private static readonly byte[] Body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
    {
        ["type"] = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        ["title"] = "Bad Request",
        ["status"] = 400,
        ["detail"] = "The request line could not be read (for example, a NUL character, %00, in the path); nothing was done.",
    });

    /// <summary>For <c>ListenOptions.Use</c>: every connection's output goes through <see cref="Rewrite"/>.</summary>
    public static ConnectionDelegate Middleware(ConnectionDelegate next) => async context =>
    {
        var transport = context.Transport;
        context.Transport = new DuplexPipe(transport.Input, new Writer(transport.Output));
        try
        {
            await next(context);
        }
        finally
        {
            context.Transport = transport;
        }
    };

    /// <summary>Kestrel's empty 400 with a problem details body; null for anything else.</summary>
    public static byte[]? Rewrite(ReadOnlySpan<byte> written)
    {
        if (!written.StartsWith("HTTP/1.1 400 Bad Request\r\n"u8))
        {
            return null;
        }

        var end = written.IndexOf("\r\n\r\n"u8);
        if (end < 0 || end + 4 != written.Length)
        {
            return null;
        }

        var head = written[..(end + 2)];
        var length = head.IndexOf("\r\nContent-Length: 0\r\n"u8);
        if (length < 0 || head.IndexOf("\r\nConnection: close\r\n"u8) < 0 || head.IndexOf("\r\nContent-Type:"u8) >= 0)
        {
            return null;
        }

        var headers = Encoding.ASCII.GetBytes($"\r\nContent-Type: application/problem+json\r\nContent-Length: {Body.Length}\r\n");
        return [.. head[..length], .. headers, .. head[(length + "\r\nContent-Length: 0\r\n"u8.Length)..], .. "\r\n"u8, .. Body];
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    /// <summary>Passes everything through; an advance that is exactly Kestrel's empty 400 is written rewritten instead.</summary>
    private sealed class Writer(PipeWriter inner) : PipeWriter
    {
        private Memory<byte> _memory;

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _memory = inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

        public override void Advance(int bytes)
        {
            // The bytes are in the inner writer's buffer, not yet committed: a rewrite writes over them instead.
            if (bytes > 0 && bytes <= _memory.Length && Rewrite(_memory.Span[..bytes]) is { } rewritten)
            {
                inner.Write(rewritten);
                return;
            }

            inner.Advance(bytes);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
