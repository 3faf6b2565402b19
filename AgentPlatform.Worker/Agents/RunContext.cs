using AgentPlatform.Core.Agents;

namespace AgentPlatform.Worker.Agents;

/// <summary>
/// One execution of a run by the engine: the session as last saved, the run's recorded checkpoints (replayed instead
/// of called again), and the counters the plan and the tool loop keep. Rebuilt on every delivery of the job; replaying
/// the checkpoints brings it to the same state the previous delivery had.
/// </summary>
public sealed class RunContext(AgentDbContext db, Session session, Guid runId, AgentProfile profile, IEnumerable<RunCheckpoint> checkpoints, StuckDetector stuck)
{
    private readonly Dictionary<(int Step, string CallId), RunCheckpoint> _recorded = checkpoints.ToDictionary(c => (c.Step, c.CallId));
    private Action<Session>? _staged;

    public AgentDbContext Db => db;
    public Session Session { get; private set; } = session;
    public Guid RunId => runId;
    public Run Run => Session.GetRun(runId);
    public AgentProfile Profile => profile;
    public StuckDetector Stuck => stuck;

    /// <summary>Model calls so far, planning and final answer included: the step number of checkpoints.</summary>
    public int ModelCalls { get; set; }

    /// <summary>Turns of the tool loop so far: what the run's maxSteps limits.</summary>
    public int AgentSteps { get; set; }

    /// <summary>The last text the model wrote, kept as the partial result when a limit ends the run.</summary>
    public string? LastText { get; set; }

    public RunCheckpoint? Recorded(int step, string callId) => _recorded.GetValueOrDefault((step, callId));

    /// <summary>Whether a previous delivery started this tool call (<see cref="RunCheckpoint.ForToolStarted"/>).</summary>
    public bool Started(int step, string callId) => _recorded.ContainsKey((step, callId + RunCheckpoint.StartedSuffix));

    public void Remember(RunCheckpoint checkpoint) => _recorded[(checkpoint.Step, checkpoint.CallId)] = checkpoint;

    /// <summary>Whether a change waits for the next save (<see cref="Stage"/>).</summary>
    public bool HasStaged => _staged is not null;

    /// <summary>
    /// Holds a change for the next save instead of a transaction of its own: for a record that must be durable before
    /// the run's next effect outside this process, when the next thing the engine does is a save anyway (a model call
    /// that asked for tools is recorded with the first tool call's started mark, before the tool runs). Whatever ends
    /// the run before that save flushes it (<see cref="FlushAsync"/>).
    /// </summary>
    public void Stage(Action<Session> change) => _staged += change;

    /// <summary>Saves a staged change now, if there is one.</summary>
    public Task FlushAsync() => _staged is null ? Task.CompletedTask : SaveAsync(_ => { });

    /// <summary>
    /// Applies a change (after any staged one) to the session and saves it, with any checkpoint the change adds, in one
    /// transaction; the session is not read again unless another writer (the Api: a stop, a message) changed it in between.
    /// </summary>
    public async Task SaveAsync(Action<Session> change) =>
        // Not cancellable: what happened (a model call paid for, a tool that ran) is recorded even when a stop arrives.
        Session = await db.SaveTrackedSessionAsync(Session, WithStaged(change), CancellationToken.None)
            ?? throw new InvalidOperationException($"Session {Session.Id} disappeared while its run was executing.");

    /// <summary>
    /// Like <see cref="SaveAsync"/> on a fresh copy of the session: for a change that depends on what another writer
    /// (the Api) recorded since the last save, such as the user's answer to a server's request for input.
    /// </summary>
    public async Task ReloadAsync(Action<Session> change) =>
        Session = await db.UpdateSessionAsync(Session.Id, WithStaged(change), CancellationToken.None)
            ?? throw new InvalidOperationException($"Session {Session.Id} disappeared while its run was executing.");

    /// <summary>The staged change, then <paramref name="change"/>: applied again together if the save must retry on a fresh copy.</summary>
    private Action<Session> WithStaged(Action<Session> change)
    {
        var staged = _staged;
        _staged = null;
        return staged is null ? change : s =>
        {
            staged(s);
            change(s);
        };
    }
}
