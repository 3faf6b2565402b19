namespace AgentPlatform.Core.Domain;

/// <summary>
/// The allowed status changes of a run (and so of its session, which mirrors its latest run):
/// pending → processing → completed | incomplete | failed | stopped, processing ⇄ waiting_for_input,
/// and a queued or waiting run may be stopped or fail before it finishes.
/// </summary>
public static class StatusMachine
{
    private static readonly Dictionary<SessionStatus, SessionStatus[]> Allowed = new()
    {
        [SessionStatus.Pending] = [SessionStatus.Processing, SessionStatus.Stopped, SessionStatus.Failed],
        [SessionStatus.Processing] =
        [
            SessionStatus.WaitingForInput, SessionStatus.Completed, SessionStatus.Incomplete,
            SessionStatus.Failed, SessionStatus.Stopped,
        ],
        [SessionStatus.WaitingForInput] = [SessionStatus.Processing, SessionStatus.Stopped, SessionStatus.Failed],
        [SessionStatus.Completed] = [],
        [SessionStatus.Incomplete] = [],
        [SessionStatus.Failed] = [],
        [SessionStatus.Stopped] = [],
    };

    public static bool CanMove(SessionStatus from, SessionStatus to) => Allowed[from].Contains(to);

    public static IReadOnlyList<SessionStatus> Next(SessionStatus from) => Allowed[from];
}
