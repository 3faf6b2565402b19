namespace AgentPlatform.Tests.Domain;

public sealed class SessionStatusTests
{
    /// <summary>The contract's terminal statuses, written out independently of the production code.</summary>
    private static readonly HashSet<SessionStatus> Terminal =
        [SessionStatus.Completed, SessionStatus.Incomplete, SessionStatus.Failed, SessionStatus.Stopped];

    public static TheoryData<SessionStatus> Statuses() => [.. Enum.GetValues<SessionStatus>()];

    [Theory]
    [MemberData(nameof(Statuses))]
    public void A_status_is_terminal_exactly_when_the_contract_says_so_and_active_otherwise(SessionStatus status)
    {
        Assert.Equal(Terminal.Contains(status), status.IsTerminal());
        Assert.Equal(!Terminal.Contains(status), status.IsActive());
    }
}
