using System.Text.Json;
using static AgentPlatform.Tests.Domain.DomainEvents;

namespace AgentPlatform.Tests.Domain;

/// <summary>Tool calls held for a person's approval: what the session waits for, the events, and the refused decisions.</summary>
public sealed class SessionApprovalsTests
{
    private static readonly DateTimeOffset Expires = T0.AddMinutes(10);

    public static ApprovalRequest Request(string callId, string tool = "file_editor") =>
        new(3, callId, tool, JsonSerializer.SerializeToElement(new { path = callId }), JsonSerializer.SerializeToElement(new { type = "object" }), "needs approval");

    private static (Session Session, Guid RunId) Holding(params string[] callIds)
    {
        var (session, runId) = Processing();
        session.RequestApprovals(runId, [.. callIds.Select(c => Request(c))], Expires, T0.AddSeconds(1));
        return (session, runId);
    }

    [Fact]
    public void Held_calls_raise_approval_requested_each_and_the_run_waits_for_the_first()
    {
        var (session, runId) = Holding("c1", "c2");

        Assert.Equal([EventTypes.ApprovalRequested, EventTypes.ApprovalRequested, EventTypes.SessionStatusChanged], session.Types());
        var requested = session.All<ApprovalRequestedData>();
        Assert.Equal(["c1", "c2"], requested.Select(r => r.CallId));
        Assert.Equal((3, "file_editor", "c1", "needs approval"), (requested[0].Step, requested[0].Tool, requested[0].Arguments.GetProperty("path").GetString(), requested[0].Reason));
        Assert.Equal([(SessionStatus.Processing, SessionStatus.WaitingForInput, (Guid?)runId)], session.StatusChanges());
        Assert.All(session.NewEvents, e => Assert.Equal(runId, e.RunId));
        Assert.Equal(SessionStatus.WaitingForInput, session.GetRun(runId).Status);

        var awaited = session.AwaitedInput!;
        Assert.Equal((PendingInputKind.Approval, "c1", "file_editor", (DateTimeOffset?)Expires), (awaited.Kind, awaited.CallId, awaited.Tool, awaited.ExpiresAt));
        Assert.Equal("c1", awaited.Arguments!.Value.GetProperty("path").GetString());
        Assert.Equal(["c1", "c2"], session.PendingApprovals.Select(a => a.CallId));
        var held = session.ApprovalFor(runId, "c2")!;
        Assert.Equal((runId, 3, "file_editor", T0.AddSeconds(1), Expires, false), (held.RunId, held.Step, held.Tool, held.RequestedAt, held.ExpiresAt, held.IsDecided));
        Assert.Equal("object", held.Schema!.Value.GetProperty("type").GetString());
        Assert.Null(session.ApprovalFor(Guid.NewGuid(), "c2"));
        Assert.Null(session.ApprovalFor(runId, "c9"));
    }

    [Fact]
    public void Calls_already_held_are_not_held_again_and_a_waiting_run_keeps_waiting()
    {
        var (session, runId) = Holding("c1");
        session.ClearNewEvents();

        session.RequestApprovals(runId, [Request("c1"), Request("c2")], Expires, T0.AddSeconds(2));

        Assert.Equal([EventTypes.ApprovalRequested], session.Types());
        Assert.Equal("c2", session.Single<ApprovalRequestedData>().CallId);
        Assert.Equal(["c1", "c2"], session.Approvals.Select(a => a.CallId));
        Assert.Equal("c1", session.AwaitedInput!.CallId);
        Assert.Equal(T0.AddSeconds(2), session.UpdatedAt);
    }

    [Fact]
    public void Deciding_one_of_two_calls_raises_approval_resolved_and_the_run_waits_for_the_next()
    {
        var (session, runId) = Holding("c1", "c2");
        session.ClearNewEvents();
        var edited = JsonSerializer.SerializeToElement(new { path = "safe" });

        var resumed = session.ResolveApproval("c1", ApprovalDecision.Approve, edited, "ok", T0.AddSeconds(4));

        Assert.False(resumed);
        Assert.Equal([EventTypes.ApprovalResolved], session.Types());
        var resolved = session.Single<ApprovalResolvedData>();
        Assert.Equal(("c1", ApprovalDecision.Approve, "safe", "ok"), (resolved.CallId, resolved.Decision, resolved.Arguments!.Value.GetProperty("path").GetString(), resolved.Reason));
        Assert.Equal(runId, session.NewEvents[0].RunId);
        Assert.Equal("c2", session.AwaitedInput!.CallId);
        Assert.Equal(["c2"], session.PendingApprovals.Select(a => a.CallId));
        var decided = session.ApprovalFor(runId, "c1")!;
        Assert.Equal((ApprovalDecision.Approve, "ok", (DateTimeOffset?)T0.AddSeconds(4), true), (decided.Decision, decided.Reason, decided.DecidedAt, decided.IsDecided));
        Assert.Equal("safe", decided.EditedArguments!.Value.GetProperty("path").GetString());
        Assert.Equal(SessionStatus.WaitingForInput, session.Status);
        Assert.Equal(T0.AddSeconds(4), session.UpdatedAt);
    }

    [Fact]
    public void Deciding_the_last_call_sends_the_run_back_to_processing_for_a_new_job()
    {
        var (session, runId) = Holding("c1");
        session.ClearNewEvents();

        var resumed = session.ResolveApproval("c1", ApprovalDecision.Deny, JsonSerializer.SerializeToElement(new { path = "ignored" }), "no", T0.AddSeconds(5));

        Assert.True(resumed);
        Assert.Equal([EventTypes.ApprovalResolved, EventTypes.SessionStatusChanged], session.Types());
        // A denial runs nothing: edited arguments are dropped.
        Assert.Null(session.Single<ApprovalResolvedData>().Arguments);
        Assert.Null(session.ApprovalFor(runId, "c1")!.EditedArguments);
        Assert.Equal([(SessionStatus.WaitingForInput, SessionStatus.Processing, (Guid?)runId)], session.StatusChanges());
        var run = session.GetRun(runId);
        Assert.Equal((SessionStatus.Processing, (DateTimeOffset?)T0.AddSeconds(5)), (run.Status, run.NeedsJobSince));
        Assert.Null(session.AwaitedInput);
        Assert.Empty(session.PendingApprovals);
        Assert.Single(session.Approvals);
    }

    [Fact]
    public void An_unknown_call_a_second_decision_and_a_decision_after_the_run_ended_are_refused()
    {
        var (session, runId) = Holding("c1", "c2");
        session.ResolveApproval("c1", ApprovalDecision.Approve, null, null, T0);
        var events = session.NewEvents.Count;

        Assert.Throws<UnknownApprovalException>(() => session.ResolveApproval("c9", ApprovalDecision.Approve, null, null, T0));
        var again = Assert.Throws<NothingPendingException>(() => session.ResolveApproval("c1", ApprovalDecision.Deny, null, null, T0));
        Assert.Contains("(approve)", again.Message, StringComparison.Ordinal);
        session.RequestStop(T0);
        var late = Assert.Throws<NothingPendingException>(() => session.ResolveApproval("c2", ApprovalDecision.Approve, null, null, T0));
        Assert.Contains("stopped", late.Message, StringComparison.Ordinal);
        Assert.Equal(ApprovalDecision.Approve, session.ApprovalFor(runId, "c1")!.Decision);
        Assert.Null(session.ApprovalFor(runId, "c2")!.Decision);
        Assert.Equal(EventTypes.RunCompleted, session.Types()[^1]);
        Assert.True(session.NewEvents.Count > events);
        Assert.Empty(session.PendingApprovals);
    }

    [Fact]
    public void A_decision_for_a_waiting_run_that_is_not_the_current_one_is_refused()
    {
        var session = NewSession();
        var later = session.AddFollowUp("later", MultitaskStrategy.Enqueue, T0);
        session.StartRun(later.Id, "m", T0);
        session.RequestApprovals(later.Id, [Request("c1")], Expires, T0);

        Assert.Throws<NothingPendingException>(() => session.ResolveApproval("c1", ApprovalDecision.Approve, null, null, T0));
        Assert.False(session.ApprovalFor(later.Id, "c1")!.IsDecided);
    }

    [Fact]
    public void A_later_runs_approvals_replace_the_earlier_runs()
    {
        var (session, first) = Holding("c1");
        session.ResolveApproval("c1", ApprovalDecision.Approve, null, null, T0);
        session.CompleteRun(first, "r", T0);
        var second = session.AddFollowUp("again", MultitaskStrategy.Reject, T0);
        session.StartRun(second.Id, "m", T0);

        session.RequestApprovals(second.Id, [Request("c1")], Expires, T0);

        var held = Assert.Single(session.Approvals);
        Assert.Equal((second.Id, false), (held.RunId, held.IsDecided));
        Assert.Null(session.ApprovalFor(first, "c1"));
    }

    [Fact]
    public void Undecided_calls_are_not_pending_while_the_run_waits_for_something_else()
    {
        var (session, runId) = Processing();
        session.CreatePlan(runId, ["One"], T0);
        session.RequestApprovals(runId, [Request("c1")], Expires, T0);

        session.RequestPlanReview(runId, T0);

        Assert.Equal(PendingInputKind.Plan, session.AwaitedInput!.Kind);
        Assert.Empty(session.PendingApprovals);
        Assert.False(Assert.Single(session.Approvals).IsDecided);
    }
}
