using System.Globalization;
using System.Text.Json;
using AgentPlatform.Api.Approvals;

namespace AgentPlatform.Api.Elicitation;

/// <summary>
/// The user's answer to an MCP server's request for input, read from <c>POST /messages</c>: <c>action</c> (default
/// accept) and <c>content</c>, checked against the server's schema (a 400 names the field, <c>content.email</c>). A
/// plain <c>prompt</c> answers a request for a single field: it is that field's value, read as the field's type.
/// </summary>
public static class ElicitationReply
{
    public const string ContentField = "content";

    public static (ElicitationAction Action, JsonElement? Content, Dictionary<string, string[]> Errors) Read(
        Core.Domain.Elicitation pending, SendMessageRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        var action = request.Action ?? ElicitationAction.Accept;
        if (action != ElicitationAction.Accept)
        {
            if (request.Content is not null)
            {
                errors[ContentField] = ["content goes with action accept only."];
            }

            return (action, null, errors);
        }

        var content = request.Content ?? FromPrompt(pending.Schema, request.Prompt, errors);
        if (content is { } given)
        {
            foreach (var (field, messages) in ToolArgumentsValidator.Validate(pending.Schema, given, ContentField, formats: true))
            {
                errors[field] = messages;
            }
        }

        return (action, content, errors);
    }

    /// <summary>The prompt as the value of the schema's one field; with several fields, content is needed.</summary>
    private static JsonElement? FromPrompt(JsonElement schema, string? prompt, Dictionary<string, string[]> errors)
    {
        var fields = schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
            ? properties.EnumerateObject().ToList()
            : [];
        if (fields.Count == 0)
        {
            return JsonSerializer.SerializeToElement(new Dictionary<string, object>());
        }

        if (fields.Count > 1 || string.IsNullOrWhiteSpace(prompt))
        {
            errors[ContentField] = [$"The server asks for {string.Join(", ", fields.Select(f => f.Name))}: send them as content (an object), " +
                                    "or action decline or cancel."];
            return null;
        }

        var (name, definition) = (fields[0].Name, fields[0].Value);
        var type = definition.TryGetProperty("type", out var t) ? t.GetString() : "string";
        var text = prompt.Trim();
        object? value = type switch
        {
            "integer" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
            "number" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            "boolean" when text.ToLowerInvariant() is "true" or "yes" => true,
            "boolean" when text.ToLowerInvariant() is "false" or "no" => false,
            "string" => text,
            _ => null,
        };
        if (value is null)
        {
            errors[$"{ContentField}.{name}"] = [$"'{name}' is a {type}: send it as content ({{\"{name}\": …}})."];
            return null;
        }

        return JsonSerializer.SerializeToElement(new Dictionary<string, object> { [name] = value });
    }
}
