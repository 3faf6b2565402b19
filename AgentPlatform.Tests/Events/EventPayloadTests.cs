using System.Reflection;
using System.Text.Json;

namespace AgentPlatform.Tests.Events;

public sealed class EventPayloadTests
{
    public static TheoryData<string> Types() => [.. EventCatalog.All.Select(p => p.Key)];

    [Fact]
    public void Every_contract_event_type_has_exactly_one_record_and_every_record_is_a_contract_type()
    {
        var contract = typeof(EventTypes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).Order(StringComparer.Ordinal);

        Assert.Equal(contract, EventCatalog.All.Select(p => p.Key));
        Assert.Equal(EventCatalog.All.Select(p => p.Key), EventSamples.All.Select(EventCatalog.TypeOf).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void A_payload_round_trips_through_its_record(string type)
    {
        var sample = EventSamples.All.Single(s => EventCatalog.TypeOf(s) == type);
        var json = EventCatalog.Serialize(sample);

        var back = EventCatalog.Read(type, json);

        Assert.IsType(EventCatalog.RecordOf(type), back);
        Assert.Equal(json, EventCatalog.Serialize(back));
    }

    [Fact]
    public void Payloads_use_the_contract_naming_camel_case_fields_and_snake_case_values()
    {
        var json = JsonDocument.Parse(EventCatalog.Serialize(new SessionStatusChangedData(SessionStatus.Processing, SessionStatus.WaitingForInput))).RootElement;
        var usage = JsonDocument.Parse(EventCatalog.Serialize(EventSamples.All.OfType<TokenUsageData>().Single())).RootElement;

        Assert.Equal("waiting_for_input", json.GetProperty("to").GetString());
        Assert.Equal(
            ["purpose", "inputTokens", "outputTokens", "cachedTokens", "estimated", "runTokens", "sessionTokens", "tokenBudget"],
            usage.EnumerateObject().Select(p => p.Name));
        Assert.Equal("compaction", usage.GetProperty("purpose").GetString());
    }

    [Fact]
    public void Tool_arguments_that_are_not_json_are_kept_as_a_string()
    {
        Assert.Equal(JsonValueKind.String, ToolCalledData.ArgumentsFrom("{not json").ValueKind);
        Assert.Equal("{not json", ToolCalledData.ArgumentsFrom("{not json").GetString());
        Assert.Equal(3, ToolCalledData.ArgumentsFrom("""{"n":3}""").GetProperty("n").GetInt32());
    }

    [Fact]
    public void The_session_raises_typed_payloads_under_their_event_types()
    {
        var now = DateTimeOffset.UtcNow;
        var session = Session.Create("u1", "hello", TaskType.General, 4000, 10, "m", now);
        var run = session.Runs[0];
        session.StartRun(run.Id, "m", now);
        session.RecordToolCall(run.Id, 1, "c1", "web_fetch", """{"url":"https://example.org"}""", now);
        session.CompleteRun(run.Id, "done", now);

        var events = session.NewEvents.Select(e => (e.Type, Data: EventCatalog.Read(e))).ToList();

        Assert.All(events, e => Assert.Equal(e.Type, EventCatalog.TypeOf(e.Data)));
        Assert.Equal("https://example.org", events.Select(e => e.Data).OfType<ToolCalledData>().Single().Arguments.GetProperty("url").GetString());
        var completed = Assert.IsType<RunCompletedData>(events[^1].Data);
        Assert.Equal((SessionStatus.Completed, StopReason.EndTurn, "done"), (completed.Status, completed.StopReason, completed.Result));
    }
}
