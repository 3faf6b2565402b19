using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;

namespace AgentPlatform.Tests.Api.Fuzz;

/// <summary>CsCheck generators of the values the fuzzer puts anywhere: hostile text, boundary numbers, wrong types.</summary>
public static class HostileValues
{
    private static readonly string[] Texts =
    [
        "", " ", "\u0000", "a\u0000b", "\ud800", "\udfff", "x\ud83d", "\ude00y", "😀", "\u202Eevil", "\u200B", "\uFEFF", "\uFFFF", "Ω≈ç√",
        "日本語のテキスト", "\t\r\n", "null", "true", "-1", "0", "1e309", "NaN", "9223372036854775808", "' OR 1=1 --", "<script>alert(1)</script>",
        "../../etc/passwd", "%00", "%", "{{x}}", "${jndi:x}", "GENERAL", "Simple_Query", "simple_query ", new string('a', 201),
        new string('a', 32_001), new string('é', 4_000),
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "2", "199", "200", "201", "499", "500", "501", "1000", "2000000", "2000001", "2147483647", "2147483648",
        "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e400", "-1e400", "1.5", "1E3",
        "0.0000001", "123456789012345678901234567890",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=latin1", "text/plain", "application/xml",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/problem+json", "*/*", "application/json; x=\"",
    ];

    /// <summary>Text from the list above or random over every UTF-16 unit (lone surrogates and NUL included).</summary>
    public static readonly Gen<string> Text = Mix.Of(
        (3, Gen.OneOf(Texts)),
        (2, Gen.Char.Array[0, 40].Select(chars => new string(chars))),
        (1, Gen.String[1, 20]));

    public static readonly Gen<string> Number = Mix.Of((3, Gen.OneOf(Numbers)), (1, Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture))));

    public static readonly Gen<string> ContentType = Gen.OneOf(ContentTypes);

    /// <summary>Any JSON value, as text: scalars of every type, empty and nested containers, objects with odd keys.</summary>
    public static readonly Gen<string> AnyJson = Mix.Of(
        (3, Number),
        (3, Text.Select(JsonText.Quote)),
        (1, Gen.OneOf("null", "true", "false", "[]", "{}", "[null]", "{\"\":null}")),
        (1, Gen.Int[2, 200].Select(depth => new string('[', depth) + new string(']', depth))),
        (1, Gen.Select(Text, Number, (key, value) => JsonText.Object([(key, value)]))));

    /// <summary>A value for one schema: valid (its enum, its bounds), nearly valid (case, type), or anything at all.</summary>
    public static Gen<string> For(JsonObject schema, int depth = 0)
    {
        var type = TypeOf(schema);
        var valid = type switch
        {
            _ when schema["enum"] is JsonArray values => Gen.OneOf(values.Select(v => v!.ToJsonString()).ToArray()),
            "integer" or "number" => Gen.OneOf(Bounds(schema).ToArray()),
            "boolean" => Gen.OneOf("true", "false"),
            "string" when schema["format"]?.GetValue<string>() == "uuid" => Gen.Guid.Select(g => JsonText.Quote(g.ToString())),
            "string" => Gen.OneOf("\"hello\"", "\"a\"", JsonText.Quote(new string('p', 100))),
            "array" when depth < 4 && schema["items"] is JsonObject items => For(items, depth + 1).Array[0, 4].Select(e => "[" + string.Join(",", e) + "]"),
            "object" when depth < 4 => BodyFor(schema, depth + 1),
            _ => AnyJson,
        };
        var nearlyValid = schema["enum"] is JsonArray names
            ? Gen.OneOf(names.Select(v => v!.ToJsonString()).ToArray()).Select(v => v.ToUpperInvariant())
            : Gen.OneOf("\"1\"", "1", "true", "null", "[]", "{}");
        return Mix.Of((4, valid), (2, nearlyValid), (3, AnyJson));
    }

    /// <summary>An object for a schema: each property left out, valid or hostile, sometimes with extra members.</summary>
    public static Gen<string> BodyFor(JsonObject schema, int depth = 0)
    {
        var properties = (schema["properties"]?.AsObject() ?? []).Select(p => (p.Key, Schema: p.Value!.AsObject())).ToList();
        var members = properties.Select(p => Mix.Of(
                (1, Mix.Just<(string, string)?>(null)),
                (4, For(p.Schema, depth).Select(v => ((string, string)?)(p.Key, v)))))
            .ToArray();
        var extra = Mix.Of((4, Mix.Just(Array.Empty<(string, string)>())), (1, Gen.Select(Text, AnyJson, (k, v) => (k, v)).Array[1, 3]));
        return Gen.Select(All(members), extra,
            (chosen, more) => JsonText.Object(chosen.OfType<(string, string)>().Concat(more)));
    }

    /// <summary>A raw value for a path, query or header parameter (not JSON: no quotes).</summary>
    public static Gen<string> Raw(JsonObject schema)
    {
        var valid = schema["enum"] is JsonArray values
            ? Gen.OneOf(values.Select(v => v!.GetValue<string>()).ToArray())
            : TypeOf(schema) is "integer" or "number" ? Gen.OneOf(Bounds(schema).ToArray()) : Gen.OneOf("hello", "a");
        return Mix.Of((3, valid), (3, Text), (3, Number));
    }

    /// <summary>One value from each generator, in order.</summary>
    public static Gen<T[]> All<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Mix.Just(Array.Empty<T>()), (all, next) => all.Select(next, (values, value) => values.Append(value).ToArray()));

    private static string? TypeOf(JsonObject schema) => schema["type"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => null,
    };

    /// <summary>The schema's bounds and their neighbours, or the usual suspects when it states none.</summary>
    private static IEnumerable<string> Bounds(JsonObject schema)
    {
        var bounds = new[] { schema["minimum"], schema["maximum"] }.OfType<JsonNode>()
            .Select(n => decimal.Parse(n.ToJsonString().Trim('"'), CultureInfo.InvariantCulture)).ToList();
        return bounds.Count == 0
            ? ["0", "1", "10", "-1"]
            : bounds.SelectMany(b => new[] { b - 1, b, b + 1 }).Select(b => b.ToString(CultureInfo.InvariantCulture));
    }
}
