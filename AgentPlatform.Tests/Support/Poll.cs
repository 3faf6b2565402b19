namespace AgentPlatform.Tests.Support;

public static class Poll
{
    /// <summary>Reads until the condition holds, or fails the test with the last value after the timeout.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {timeout}; last value: {value}");
            }

            await Task.Delay(100, ct);
        }
    }
}
