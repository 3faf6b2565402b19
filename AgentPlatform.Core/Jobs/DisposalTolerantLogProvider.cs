using Hangfire.AspNetCore;
using Hangfire.Logging;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Core.Jobs;

/// <summary>
/// Hangfire's log provider is process-wide: the last host to configure Hangfire owns it. Where several hosts share a
/// process (the in-memory test hosts) and that host is disposed, Hangfire's own threads would throw
/// <see cref="ObjectDisposedException"/> from its logger factory and stop processing jobs. This provider drops such
/// log lines instead: a disposed logger factory means there is nobody left to log to.
/// </summary>
internal sealed class DisposalTolerantLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name) => new TolerantLog(_inner, name);

    private sealed class TolerantLog(AspNetCoreLogProvider provider, string name) : ILog
    {
        private ILog? _log;

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                _log ??= provider.GetLogger(name);
                return _log.Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                // The host that owned the logger factory has stopped; see the class summary.
                return false;
            }
        }
    }
}
