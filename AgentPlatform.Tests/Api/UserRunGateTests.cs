using AgentPlatform.Api.Sessions;

namespace AgentPlatform.Tests.Api;

public sealed class UserRunGateTests
{
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_user_goes_one_at_a_time_while_another_user_is_not_held_up()
    {
        var gate = new UserRunGate();
        var first = await gate.EnterAsync("alice", _ct);

        var second = gate.EnterAsync("alice", _ct);
        using var other = await gate.EnterAsync("bob", _ct).WaitAsync(TimeSpan.FromSeconds(5), _ct);
        await Task.Delay(50, _ct);
        Assert.False(second.IsCompleted);

        first.Dispose();
        first.Dispose(); // a second dispose must not let a third request in
        using var secondTurn = await second.WaitAsync(TimeSpan.FromSeconds(5), _ct);
        var third = gate.EnterAsync("alice", _ct);
        await Task.Delay(50, _ct);
        Assert.False(third.IsCompleted);
        secondTurn.Dispose();
        (await third.WaitAsync(TimeSpan.FromSeconds(5), _ct)).Dispose();
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_no_gate_behind_and_gates_are_dropped_when_unused()
    {
        var gate = new UserRunGate();
        var held = await gate.EnterAsync("alice", _ct);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.EnterAsync("alice", cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(1, gate.ActiveUsers);
        held.Dispose();
        Assert.Equal(0, gate.ActiveUsers);
        (await gate.EnterAsync("alice", _ct).WaitAsync(TimeSpan.FromSeconds(5), _ct)).Dispose();
        Assert.Equal(0, gate.ActiveUsers);
    }
}
