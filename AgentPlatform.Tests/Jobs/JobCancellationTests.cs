using AgentPlatform.Worker.Jobs;

namespace AgentPlatform.Tests.Jobs;

/// <summary>Hangfire's filters see the run host's token: the same token, and a throw once it is cancelled.</summary>
public sealed class JobCancellationTests
{
    [Fact]
    public void It_hands_out_the_run_hosts_token_and_throws_only_once_that_is_cancelled()
    {
        using var source = new CancellationTokenSource();
        var cancellation = new JobCancellation(source.Token);

        Assert.Equal(source.Token, cancellation.ShutdownToken);
        cancellation.ThrowIfCancellationRequested();

        source.Cancel();
        var error = Assert.Throws<OperationCanceledException>(cancellation.ThrowIfCancellationRequested);
        Assert.Equal(source.Token, error.CancellationToken);
        Assert.True(cancellation.ShutdownToken.IsCancellationRequested);
    }
}
