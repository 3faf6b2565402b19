using System.Text.Json;
using AgentPlatform.Api.Elicitation;
using AgentPlatform.Api.Sessions;

namespace AgentPlatform.Tests.Api.Units;

/// <summary>
/// How <c>POST /messages</c> answers an MCP server's request for input (<see cref="ElicitationReply"/>): the action,
/// content checked against the server's schema, and a plain prompt read as the one field's value and type.
/// </summary>
public sealed class ElicitationReplyTests
{
    private static Core.Domain.Elicitation Pending(string schema) => new(
        Guid.NewGuid(), Guid.NewGuid(), 1, "call-1", "ask", "Your details?", JsonDocument.Parse(schema).RootElement,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddMinutes(5));

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement;

    private static (ElicitationAction Action, JsonElement? Content, Dictionary<string, string[]> Errors) Reply(
        string schema, string? prompt, ElicitationAction? action = null, string? content = null) =>
        ElicitationReply.Read(Pending(schema), new SendMessageRequest(prompt, null, action, content is null ? null : Json(content)));

    private static string Field(string type) => $$$"""{"type":"object","properties":{"n":{"type":"{{{type}}}"}},"required":["n"]}""";

    [Theory]
    [InlineData(ElicitationAction.Decline)]
    [InlineData(ElicitationAction.Cancel)]
    public void Declining_or_cancelling_carries_no_content(ElicitationAction action)
    {
        var (read, content, errors) = Reply(Field("string"), "ignored", action);

        Assert.Equal(action, read);
        Assert.Null(content);
        Assert.Empty(errors);
    }

    [Fact]
    public void Content_with_a_decline_is_refused()
    {
        var (action, content, errors) = Reply(Field("string"), null, ElicitationAction.Decline, """{"n":"x"}""");

        Assert.Equal(ElicitationAction.Decline, action);
        Assert.Null(content);
        Assert.Equal([ElicitationReply.ContentField], errors.Keys);
    }

    [Fact]
    public void Content_is_accepted_by_default_and_checked_against_the_schema()
    {
        var (action, content, errors) = Reply(Field("integer"), null, content: """{"n":3}""");
        Assert.Equal(ElicitationAction.Accept, action);
        Assert.Equal(3, content!.Value.GetProperty("n").GetInt32());
        Assert.Empty(errors);

        var (_, _, invalid) = Reply(Field("integer"), null, ElicitationAction.Accept, """{"n":"three"}""");
        Assert.Contains("content.n", invalid.Keys);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":[]}""")]
    [InlineData("""{"type":"object","properties":{"n":{"type":7}}}""")]
    public void Content_for_a_schema_that_is_not_a_valid_json_schema_is_refused_naming_the_field(string schema)
    {
        // The schema comes from an MCP server: one that cannot be read cannot be met, and the answer says so (a 400).
        var (action, _, errors) = Reply(schema, null, content: """{"n":"x"}""");

        Assert.Equal(ElicitationAction.Accept, action);
        Assert.Contains("not a valid JSON schema", Assert.Single(errors[ElicitationReply.ContentField]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"object"}""")]
    [InlineData("""{"type":"object","properties":{}}""")]
    public void A_prompt_answers_a_request_for_no_field_with_empty_content(string schema)
    {
        var (action, content, errors) = Reply(schema, "ok");

        Assert.Equal(ElicitationAction.Accept, action);
        Assert.Equal(JsonValueKind.Object, content!.Value.ValueKind);
        Assert.Empty(content.Value.EnumerateObject());
        Assert.Empty(errors);
    }

    [Fact]
    public void A_prompt_cannot_answer_several_fields()
    {
        var (_, content, errors) = Reply("""{"type":"object","properties":{"name":{"type":"string"},"email":{"type":"string"}}}""", "Ada");

        Assert.Null(content);
        Assert.Contains("name, email", Assert.Single(errors[ElicitationReply.ContentField]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void An_empty_prompt_does_not_answer_a_field(string? prompt)
    {
        var (_, content, errors) = Reply(Field("string"), prompt);

        Assert.Null(content);
        Assert.Equal([ElicitationReply.ContentField], errors.Keys);
    }

    [Theory]
    [InlineData("integer", " 42 ", "42")]
    [InlineData("number", "2.5", "2.5")]
    [InlineData("boolean", "Yes", "true")]
    [InlineData("boolean", "TRUE", "true")]
    [InlineData("boolean", "no", "false")]
    [InlineData("boolean", "False", "false")]
    [InlineData("string", "  hello  ", "\"hello\"")]
    public void A_prompt_is_read_as_the_fields_type(string type, string prompt, string expected)
    {
        var (_, content, errors) = Reply(Field(type), prompt);

        Assert.Empty(errors);
        Assert.Equal(expected, content!.Value.GetProperty("n").GetRawText());
    }

    [Fact]
    public void A_field_without_a_type_is_read_as_text()
    {
        var (_, content, errors) = Reply("""{"type":"object","properties":{"n":{}}}""", " 7 ");

        Assert.Empty(errors);
        Assert.Equal("7", content!.Value.GetProperty("n").GetString());
    }

    [Theory]
    [InlineData("integer", "4.5")]
    [InlineData("number", "many")]
    [InlineData("boolean", "maybe")]
    [InlineData("array", "a, b")]
    public void A_prompt_that_is_not_of_the_fields_type_names_the_field(string type, string prompt)
    {
        var (_, content, errors) = Reply(Field(type), prompt);

        Assert.Null(content);
        Assert.Equal($"'n' is a {type}: send it as content ({{\"n\": …}}).", Assert.Single(errors["content.n"]));
    }
}
