using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace AgentPlatform.Api.Approvals;

/// <summary>
/// Edited tool arguments checked against the tool's JSON schema (as the model was offered it) with JsonSchema.Net:
/// each failure keyed by the field it is about (<c>arguments.path</c>), as the contract's 400s are.
/// </summary>
public static partial class ToolArgumentsValidator
{
    public const string Field = "arguments";

    /// <param name="field">The request's field the object is (<c>arguments</c>, or <c>content</c> for an answer to an MCP server).</param>
    /// <param name="formats">Whether <c>format</c> (email, uri, date) is checked too, as MCP's elicitation schemas mean it.</param>
    public static Dictionary<string, string[]> Validate(JsonElement schema, JsonElement arguments, string field = Field, bool formats = false)
    {
        var errors = new Dictionary<string, string[]>();
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            errors[field] = [$"The {field} must be a JSON object."];
            return errors;
        }

        // New options each time: their registry (not the global one) takes the schema, so repeated $ids never clash.
        JsonSchema built;
        try
        {
            built = JsonSchema.FromText(schema.GetRawText());
        }
        catch (JsonException ex)
        {
            // The schema came from outside (a tool's declaration, an MCP server's request): nothing can be checked against
            // one that does not parse, so nothing passes, and the answer says why (a 400, not a 500).
            errors[field] = [$"The requested schema is not a valid JSON schema ({ex.Message}), so the {field} cannot be checked against it."];
            return errors;
        }

        var results = built.Evaluate(JsonNode.Parse(arguments.GetRawText()),
            new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = formats });
        if (results.IsValid)
        {
            return errors;
        }

        foreach (var detail in (results.Details ?? []).Prepend(results).Where(d => d.Errors is { Count: > 0 }))
        {
            var path = PathOf(field, detail.InstanceLocation.ToString());
            foreach (var (keyword, message) in detail.Errors!)
            {
                // "required" is reported where the property is missing from: name the missing properties instead.
                var fields = keyword == "required" ? Quoted().Matches(message).Select(m => Join(path, m.Groups[1].Value)).ToList() : [];
                foreach (var at in fields.Count > 0 ? fields : [path])
                {
                    errors[at] = [.. errors.GetValueOrDefault(at, []), message];
                }
            }
        }

        if (errors.Count == 0)
        {
            errors[field] = [$"The {field} do not match the schema."];
        }

        return errors;
    }

    /// <summary>A JSON pointer (/a/0/b) as a field path (arguments.a.0.b).</summary>
    private static string PathOf(string field, string pointer) =>
        pointer.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Aggregate(field, (path, segment) => Join(path, segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)));

    private static string Join(string path, string name) => $"{path}.{name}";

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex Quoted();
}
