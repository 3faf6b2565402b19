using System.Text.Json.Nodes;

namespace AgentPlatform.Tests.Api.Fuzz;

/// <summary>One parameter of an operation: where it goes (path, query, header) and its resolved schema.</summary>
public sealed record FuzzParameter(string Name, string In, JsonObject Schema);

/// <summary>One operation of the Api's OpenAPI document, with every <c>$ref</c> resolved.</summary>
public sealed record FuzzOperation(string Method, string Path, IReadOnlyList<FuzzParameter> Parameters, JsonObject? Body)
{
    public override string ToString() => $"{Method} {Path}";

    /// <summary>Reads every operation of an OpenAPI 3 document (a plain JSON walk: only paths, parameters and bodies are needed).</summary>
    public static IReadOnlyList<FuzzOperation> Read(string openApiJson)
    {
        var document = JsonNode.Parse(openApiJson)!.AsObject();
        var operations = new List<FuzzOperation>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var shared = item!["parameters"]?.AsArray() ?? [];
            foreach (var (method, operation) in item.AsObject().Where(p => p.Key is "get" or "post" or "put" or "patch" or "delete"))
            {
                var parameters = shared.Concat(operation!["parameters"]?.AsArray() ?? [])
                    .Select(p => Resolve(document, p!.AsObject()))
                    .Select(p => new FuzzParameter(p["name"]!.GetValue<string>(), p["in"]!.GetValue<string>(), Resolve(document, p["schema"]?.AsObject() ?? [])))
                    .ToList();
                var body = operation["requestBody"]?["content"]?["application/json"]?["schema"]?.AsObject();
                operations.Add(new FuzzOperation(method.ToUpperInvariant(), path, parameters, body is null ? null : Resolve(document, body)));
            }
        }

        return operations;
    }

    /// <summary>A copy with every <c>$ref</c> replaced by what it points to (the document's schemas are not recursive).</summary>
    private static JsonObject Resolve(JsonObject document, JsonObject node, int depth = 0)
    {
        if (depth > 20)
        {
            return [];
        }

        if (node["$ref"]?.GetValue<string>() is { } reference)
        {
            var target = reference.TrimStart('#', '/').Split('/').Aggregate((JsonNode)document, (n, part) => n[part.Replace("~1", "/").Replace("~0", "~")]!);
            return Resolve(document, target.AsObject(), depth + 1);
        }

        var copy = new JsonObject();
        foreach (var (key, value) in node)
        {
            copy[key] = value switch
            {
                JsonObject child => Resolve(document, child, depth + 1),
                JsonArray array => new JsonArray(array.Select(e => e is JsonObject o ? (JsonNode)Resolve(document, o, depth + 1) : e?.DeepClone()).ToArray()),
                _ => value?.DeepClone(),
            };
        }

        return copy;
    }
}
