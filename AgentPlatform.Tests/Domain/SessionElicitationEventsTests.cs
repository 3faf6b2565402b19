using System.Text.Json;
using static AgentPlatform.Tests.Domain.DomainEvents;

namespace AgentPlatform.Tests.Domain;

/// <summary>The events and payloads of an MCP server's request for input, and the requests that are not (or no longer) open.</summary>
public sealed class SessionElicitationEventsTests
{
    private static readonly JsonElement Schema = JsonSerializer.SerializeToElement(new { type = "object" });
    private static readonly DateTimeOffset Expires = T0.AddMinutes(5);

    private static (Session Session, Guid RunId, AgentPlatform.Core.Domain.Elicitation Asked) Asking()
    {
        var (session, runId) = Processing();
        var asked = session.RequestElicitation(runId, 2, "call_7", "srv__tool", "Your city?", Schema, Expires, T0.AddSeconds(1));
        return (session, runId, asked);
    }

    [Fact]
    public void A_request_raises_input_requested_with_the_call_and_schema_then_the_status_change()
    {
        var (session, runId, asked) = Asking();

        Assert.Equal((runId, 2, "call_7", "srv__tool", "Your city?", T0.AddSeconds(1), Expires), (asked.RunId, asked.Step, asked.CallId, asked.Tool, asked.Message, asked.RequestedAt, asked.ExpiresAt));
        Assert.Null(asked.Answer);
        var stored = session.Elicitation!;
        Assert.Equal((asked.Id, runId, 2, "call_7", "srv__tool", "Your city?", Expires), (stored.Id, stored.RunId, stored.Step, stored.CallId, stored.Tool, stored.Message, stored.ExpiresAt));
        Assert.Equal([EventTypes.InputRequested, EventTypes.SessionStatusChanged], session.Types());
        var requested = session.Single<InputRequestedData>();
        Assert.Equal(("Your city?", "call_7", "srv__tool", (DateTimeOffset?)Expires), (requested.Question, requested.CallId, requested.Tool, requested.ExpiresAt));
        Assert.Equal("object", requested.Schema!.Value.GetProperty("type").GetString());
        Assert.Equal([(SessionStatus.Processing, SessionStatus.WaitingForInput, (Guid?)runId)], session.StatusChanges());
        var awaited = session.AwaitedInput!;
        Assert.Equal(("srv__tool", (DateTimeOffset?)Expires), (awaited.Tool, awaited.ExpiresAt));
    }

    [Fact]
    public void The_users_answer_raises_elicitation_resolved_and_declining_drops_any_content()
    {
        var (session, runId, asked) = Asking();
        session.ClearNewEvents();

        session.AnswerElicitation(ElicitationAction.Decline, JsonSerializer.SerializeToElement(new { city = "x" }), T0.AddSeconds(2));

        Assert.Equal([EventTypes.ElicitationResolved, EventTypes.SessionStatusChanged], session.Types());
        Assert.Equal(new ElicitationResolvedData("call_7", asked.Id, ElicitationAction.Decline, null, "user"), session.Single<ElicitationResolvedData>());
        Assert.Equal([(SessionStatus.WaitingForInput, SessionStatus.Processing, (Guid?)runId)], session.StatusChanges());
        Assert.False(session.AwaitsElicitation);
        Assert.Equal(new ElicitationAnswer(ElicitationAction.Decline, null, T0.AddSeconds(2)), session.Elicitation!.Answer);
        Assert.Equal(T0.AddSeconds(2), session.TakeElicitationAnswer(asked.Id, T0.AddSeconds(3))!.AnsweredAt);
        Assert.Null(session.Elicitation);
        Assert.Equal(T0.AddSeconds(3), session.UpdatedAt);
    }

    [Fact]
    public void An_accepted_answer_keeps_its_content()
    {
        var (session, _, _) = Asking();

        session.AnswerElicitation(ElicitationAction.Accept, JsonSerializer.SerializeToElement(new { city = "Porto" }), T0);

        Assert.Equal("Porto", session.Single<ElicitationResolvedData>().Content!.Value.GetProperty("city").GetString());
        Assert.Equal("Porto", session.Elicitation!.Answer!.Content!.Value.GetProperty("city").GetString());
    }

    [Fact]
    public void Another_requests_answer_is_not_taken()
    {
        var (session, _, asked) = Asking();
        session.AnswerElicitation(ElicitationAction.Accept, null, T0);

        Assert.Null(session.TakeElicitationAnswer(Guid.NewGuid(), T0));
        Assert.NotNull(session.Elicitation);
        Assert.NotNull(session.TakeElicitationAnswer(asked.Id, T0));
    }

    [Fact]
    public void A_request_left_open_while_the_run_went_back_to_processing_is_not_awaited_and_closes_without_a_status_change()
    {
        var (session, runId, asked) = Asking();
        session.RequestApprovals(runId, [SessionApprovalsTests.Request("c1")], Expires, T0);
        session.ResolveApproval("c1", ApprovalDecision.Approve, null, null, T0);
        session.ClearNewEvents();

        Assert.False(session.AwaitsElicitation);
        Assert.Throws<NothingPendingException>(() => session.AnswerElicitation(ElicitationAction.Accept, null, T0));

        session.CloseElicitation(asked.Id, ElicitationAction.Cancel, Session.ElicitationReasons.Timeout, T0);

        Assert.Equal([EventTypes.ElicitationResolved], session.Types());
        Assert.Equal(SessionStatus.Processing, session.GetRun(runId).Status);
        Assert.Null(session.Elicitation);
    }

    [Fact]
    public void Closing_a_request_raises_elicitation_resolved_with_the_reason_and_the_run_goes_on()
    {
        var (session, runId, asked) = Asking();
        session.ClearNewEvents();

        var closed = session.CloseElicitation(asked.Id, ElicitationAction.Cancel, Session.ElicitationReasons.ServerCancelled, T0.AddSeconds(3));

        Assert.Equal(new ElicitationAnswer(ElicitationAction.Cancel, null, T0.AddSeconds(3)), closed);
        Assert.Equal([EventTypes.ElicitationResolved, EventTypes.SessionStatusChanged], session.Types());
        Assert.Equal(new ElicitationResolvedData("call_7", asked.Id, ElicitationAction.Cancel, null, "server_cancelled"), session.Single<ElicitationResolvedData>());
        Assert.Equal([(SessionStatus.WaitingForInput, SessionStatus.Processing, (Guid?)runId)], session.StatusChanges());
        Assert.Null(session.AwaitedInput);
        Assert.Null(session.Elicitation);
    }

    [Fact]
    public void Closing_a_request_that_is_over_or_another_one_raises_nothing()
    {
        var (session, _, asked) = Asking();
        session.ClearNewEvents();

        var other = session.CloseElicitation(Guid.NewGuid(), ElicitationAction.Decline, Session.ElicitationReasons.Timeout, T0);

        Assert.Equal(ElicitationAction.Decline, other.Action);
        Assert.Empty(session.NewEvents);
        Assert.Equal(asked.Id, session.Elicitation!.Id);
        Assert.True(session.AwaitsElicitation);

        session.RequestStop(T0);
        session.ClearNewEvents();
        Assert.Equal(ElicitationAction.Cancel, session.CloseElicitation(asked.Id, ElicitationAction.Cancel, Session.ElicitationReasons.Timeout, T0).Action);
        Assert.Empty(session.NewEvents);
    }

    [Fact]
    public void Abandoning_another_runs_request_changes_nothing_and_an_answer_recorded_meanwhile_is_dropped_silently()
    {
        var (session, runId, asked) = Asking();
        session.ClearNewEvents();

        session.AbandonElicitation(Guid.NewGuid(), T0);
        Assert.Equal(asked.Id, session.Elicitation!.Id);
        Assert.Empty(session.NewEvents);

        session.AnswerElicitation(ElicitationAction.Accept, null, T0);
        session.ClearNewEvents();
        session.AbandonElicitation(runId, T0.AddSeconds(9));

        Assert.Null(session.Elicitation);
        Assert.Empty(session.NewEvents);
        Assert.Equal(T0.AddSeconds(9), session.UpdatedAt);
    }

    [Fact]
    public void Abandoning_an_open_request_ends_it_as_worker_lost()
    {
        var (session, runId, asked) = Asking();
        session.ClearNewEvents();

        session.AbandonElicitation(runId, T0);

        Assert.Equal(new ElicitationResolvedData("call_7", asked.Id, ElicitationAction.Cancel, null, "worker_lost"), session.Single<ElicitationResolvedData>());
        Assert.Equal(EventTypes.SessionStatusChanged, session.Types()[^1]);
    }

    [Fact]
    public void A_run_that_fails_while_asked_ends_the_request_as_run_ended_before_run_completed()
    {
        var (session, runId, asked) = Asking();
        session.ClearNewEvents();

        session.FailRun(runId, "x", T0);

        Assert.Equal([EventTypes.ElicitationResolved, EventTypes.SessionStatusChanged, EventTypes.RunCompleted], session.Types());
        Assert.Equal(new ElicitationResolvedData("call_7", asked.Id, ElicitationAction.Cancel, null, "run_ended"), session.Single<ElicitationResolvedData>());
        Assert.Null(session.Elicitation);
    }

    [Fact]
    public void A_run_that_ends_with_an_answer_not_yet_taken_drops_it_without_an_event()
    {
        var (session, runId, _) = Asking();
        session.AnswerElicitation(ElicitationAction.Accept, null, T0);
        session.ClearNewEvents();

        session.CompleteRun(runId, "r", T0);

        Assert.Null(session.Elicitation);
        Assert.Equal([EventTypes.SessionStatusChanged, EventTypes.RunCompleted], session.Types());
    }

    [Fact]
    public void A_run_that_ends_leaves_another_runs_request_open()
    {
        var session = NewSession();
        var first = session.Runs[0].Id;
        var later = session.AddFollowUp("later", MultitaskStrategy.Enqueue, T0);
        session.StartRun(later.Id, "m", T0);
        var asked = session.RequestElicitation(later.Id, 1, "c", "t", "?", Schema, Expires, T0);
        Assert.False(session.AwaitsElicitation); // the current run is the first, which does not wait

        session.StopRun(first, T0);

        Assert.Equal(asked.Id, session.Elicitation!.Id);
        Assert.True(session.AwaitsElicitation);
    }

    [Fact]
    public void The_reasons_are_the_contracts_wire_values()
    {
        Assert.Equal(["user", "timeout", "stopped", "run_ended", "worker_lost", "server_cancelled"],
            new[]
            {
                Session.ElicitationReasons.User, Session.ElicitationReasons.Timeout, Session.ElicitationReasons.Stopped,
                Session.ElicitationReasons.RunEnded, Session.ElicitationReasons.WorkerLost, Session.ElicitationReasons.ServerCancelled,
            });
    }
}
