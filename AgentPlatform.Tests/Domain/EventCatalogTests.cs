using System.Text.Json;
using AgentPlatform.Core.Tools;

namespace AgentPlatform.Tests.Domain;

/// <summary>Event type names derived from the record names, and reading stored payloads back.</summary>
public sealed class EventCatalogTests
{
    [Fact]
    public void A_records_type_is_its_area_a_dot_and_the_rest_in_snake_case()
    {
        Assert.Equal("tool.called", EventCatalog.TypeOf(new ToolCalledData(1, "c", "t", default)));
        Assert.Equal("session.status_changed", EventCatalog.TypeOf(new SessionStatusChangedData(SessionStatus.Pending, SessionStatus.Processing)));
        Assert.Equal("agent.message_delta", EventCatalog.TypeOf(new AgentMessageDeltaData(1, "x")));
        Assert.Equal("plan.step_updated", EventCatalog.TypeOf(new PlanStepUpdatedData(1, "t", PlanStepStatus.Blocked)));
        Assert.Equal("webhook.failed", EventCatalog.TypeOf(new WebhookFailedData(1, 1, "e")));
        Assert.Equal(typeof(MemoryCompactedData), EventCatalog.RecordOf("memory.compacted"));
    }

    /// <summary>The contract's event types, written out independently of the production names.</summary>
    public static TheoryData<Type, string> Names() => new()
    {
        { typeof(SessionCreatedData), "session.created" },
        { typeof(SessionStatusChangedData), "session.status_changed" },
        { typeof(RunQueuedData), "run.queued" },
        { typeof(AgentMessageDeltaData), "agent.message_delta" },
        { typeof(PlanStepUpdatedData), "plan.step_updated" },
        { typeof(ElicitationResolvedData), "elicitation.resolved" },
        { typeof(WebhookFailedData), "webhook.failed" },
    };

    // Called afresh, not through the catalog's static tables: a mutant of a static initializer would otherwise be
    // seen only by the first test of the process.
    [Theory]
    [MemberData(nameof(Names))]
    public void The_name_of_a_record_is_the_first_word_a_dot_and_the_rest_in_snake_case(Type record, string expected)
    {
        Assert.Equal(expected, EventCatalog.NameOf(record));
    }

    [Fact]
    public void A_type_named_without_the_Data_suffix_is_refused_and_one_word_has_no_dot()
    {
        Assert.Contains("ends with Data", Assert.Throws<InvalidOperationException>(() => EventCatalog.NameOf(typeof(Session))).Message, StringComparison.Ordinal);
        Assert.Equal("tick", EventCatalog.NameOf(typeof(TickData)));
    }

    [Fact]
    public void The_records_are_the_concrete_event_data_classes_of_the_assembly()
    {
        var records = EventCatalog.RecordsIn(typeof(IEventData).Assembly).ToHashSet();

        Assert.Equal(EventCatalog.All.Select(p => p.Value).ToHashSet(), records);
        Assert.Equal(21, records.Count);
        Assert.DoesNotContain(typeof(IEventData), records);
        Assert.Equal([typeof(TickData)], EventCatalog.RecordsIn(typeof(EventCatalogTests).Assembly).Where(t => t.DeclaringType == typeof(EventCatalogTests)));
    }

    private sealed record TickData : IEventData;

    private abstract record AbstractData : IEventData;

    [Fact]
    public void Every_type_is_listed_once_in_ordinal_order_with_the_record_it_names()
    {
        var types = EventCatalog.All.Select(p => p.Key).ToList();

        Assert.Equal(types.Order(StringComparer.Ordinal), types);
        Assert.Equal(types.Count, types.Distinct().Count());
        Assert.All(EventCatalog.All, p => Assert.Equal(p.Value, EventCatalog.RecordOf(p.Key)));
        Assert.All(EventCatalog.All, p => Assert.EndsWith("Data", p.Value.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_type_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => EventCatalog.RecordOf("tool.exploded"));

        Assert.Equal("eventType", error.ParamName);
        Assert.Throws<ArgumentException>(() => EventCatalog.Read("ToolCalled", "{}"));
    }

    [Fact]
    public void A_stored_event_reads_back_as_its_record_and_asking_for_another_record_is_refused()
    {
        var evt = new SessionEvent(Guid.NewGuid(), 1, EventTypes.AgentMessage, null, EventCatalog.Serialize(new AgentMessageData("hi", MessageRole.User)), DateTimeOffset.UnixEpoch);

        Assert.Equal(new AgentMessageData("hi", MessageRole.User), EventCatalog.Read<AgentMessageData>(evt));
        Assert.Equal(new AgentMessageData("hi", MessageRole.User), EventCatalog.Read(evt));
        var wrong = Assert.Throws<InvalidOperationException>(() => EventCatalog.Read<RunStartedData>(evt));
        Assert.Contains("RunStartedData", wrong.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_data_is_refused_as_json_that_does_not_fit()
    {
        Assert.Throws<JsonException>(() => EventCatalog.Read(EventTypes.RunStarted, "null"));
    }

    [Fact]
    public void Serialize_writes_the_runtime_records_fields_with_the_contracts_names()
    {
        IEventData data = new RunQueuedData(2, "p", MultitaskStrategy.Interrupt);

        Assert.Equal("""{"runNumber":2,"prompt":"p","multitaskStrategy":"interrupt"}""", EventCatalog.Serialize(data));
    }

    [Fact]
    public void A_stored_event_keeps_what_it_was_given()
    {
        var sessionId = Guid.NewGuid();
        var runId = Guid.NewGuid();
        var at = new DateTimeOffset(2026, 5, 5, 5, 5, 5, TimeSpan.Zero);

        var evt = new SessionEvent(sessionId, 9, EventTypes.RunStarted, runId, "{}", at);

        Assert.Equal((sessionId, 9L, EventTypes.RunStarted, (Guid?)runId, "{}", at), (evt.SessionId, evt.Seq, evt.Type, evt.RunId, evt.DataJson, evt.Timestamp));
        Assert.NotEqual(Guid.Empty, evt.Id);
    }

    [Fact]
    public void A_tool_status_is_its_states_fields()
    {
        var at = DateTimeOffset.UnixEpoch;

        var status = ToolStatusData.From(new ToolState("web_fetch", "Fetches", false, CircuitState.Open, at));

        Assert.Equal(new ToolStatusData("web_fetch", "Fetches", false, CircuitState.Open, at), status);
    }
}
