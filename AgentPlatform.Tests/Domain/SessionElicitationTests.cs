using System.Text.Json;

namespace AgentPlatform.Tests.Domain;

/// <summary>An MCP server's request for input on the Session aggregate: the states the Api and the Worker move it through.</summary>
public sealed class SessionElicitationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly JsonElement Schema = JsonSerializer.SerializeToElement(new { type = "object", properties = new { city = new { type = "string" } } });

    private static (Session Session, Guid RunId, AgentPlatform.Core.Domain.Elicitation Asked) Asking()
    {
        var session = Session.Create("u1", "Go", TaskType.SimpleQuery, 4000, 10, "m", Now);
        var runId = session.Runs[0].Id;
        session.StartRun(runId, "m", Now);
        var asked = session.RequestElicitation(runId, 1, "call_1", "local__ask", "Which city?", Schema, Now.AddMinutes(5), Now);
        return (session, runId, asked);
    }

    private static List<ElicitationResolvedData> Resolved(Session session) =>
        [.. session.NewEvents.Where(e => e.Type == EventTypes.ElicitationResolved).Select(EventCatalog.Read<ElicitationResolvedData>)];

    [Fact]
    public void A_request_waits_as_a_question_with_its_schema_and_the_answer_is_taken_once()
    {
        var (session, runId, asked) = Asking();

        Assert.Equal(SessionStatus.WaitingForInput, session.Status);
        Assert.True(session.AwaitsElicitation);
        Assert.Equal((PendingInputKind.Question, "call_1", "Which city?"), (session.AwaitedInput!.Kind, session.AwaitedInput.CallId, session.AwaitedInput.Question));
        Assert.NotNull(session.AwaitedInput.Schema);
        Assert.Throws<InvalidTransitionException>(() => session.AnswerInput("Lisbon", Now));

        var run = session.AnswerElicitation(ElicitationAction.Accept, JsonSerializer.SerializeToElement(new { city = "Lisbon" }), Now);

        Assert.Equal(runId, run.Id);
        Assert.Equal(SessionStatus.Processing, session.Status);
        Assert.Null(session.AwaitedInput);
        Assert.Null(run.NeedsJobSince); // no job: the Worker holding the call takes the answer
        Assert.Throws<NothingPendingException>(() => session.AnswerElicitation(ElicitationAction.Decline, null, Now));
        var taken = session.TakeElicitationAnswer(asked.Id, Now);
        Assert.Equal("Lisbon", taken!.Content!.Value.GetProperty("city").GetString());
        Assert.Null(session.TakeElicitationAnswer(asked.Id, Now));
        Assert.Equal(ElicitationReasons(session), ["user"]);
    }

    [Fact]
    public void A_timeout_ends_the_request_with_cancel_but_an_answer_that_came_first_wins()
    {
        var (session, _, asked) = Asking();
        var closed = session.CloseElicitation(asked.Id, ElicitationAction.Cancel, Session.ElicitationReasons.Timeout, Now);
        Assert.Equal(ElicitationAction.Cancel, closed.Action);
        Assert.Equal(SessionStatus.Processing, session.Status);
        Assert.Equal(ElicitationReasons(session), ["timeout"]);

        var (late, _, lateAsked) = Asking();
        late.AnswerElicitation(ElicitationAction.Decline, null, Now);
        Assert.Equal(ElicitationAction.Decline, late.CloseElicitation(lateAsked.Id, ElicitationAction.Cancel, Session.ElicitationReasons.Timeout, Now).Action);
    }

    [Fact]
    public void A_stop_while_waiting_ends_the_request_before_run_completed()
    {
        var (session, _, _) = Asking();

        session.RequestStop(Now);

        Assert.Equal(SessionStatus.Stopped, session.Status);
        Assert.Null(session.Elicitation);
        Assert.Equal(ElicitationReasons(session), ["stopped"]);
        Assert.Equal(EventTypes.RunCompleted, session.NewEvents[^1].Type);
    }

    [Fact]
    public void A_job_delivered_again_abandons_the_request_of_the_Worker_that_died_and_the_run_goes_on()
    {
        var (session, runId, _) = Asking();

        session.AbandonElicitation(runId, Now);

        Assert.Equal(SessionStatus.Processing, session.Status);
        Assert.Null(session.AwaitedInput);
        Assert.Null(session.Elicitation);
        Assert.Equal(ElicitationReasons(session), ["worker_lost"]);
        Assert.Throws<NothingPendingException>(() => session.AnswerElicitation(ElicitationAction.Accept, null, Now));
    }

    private static List<string> ElicitationReasons(Session session) => [.. Resolved(session).Select(r => r.Reason)];
}
