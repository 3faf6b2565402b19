using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentPlatform.Core;

/// <summary>The contract's JSON: camelCase properties, snake_case enum values.</summary>
public static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    });

    /// <summary>
    /// <see cref="Options"/> as they write, for describing the JSON in a schema: numbers are numbers (the web defaults
    /// also read them from strings, which a schema would show as "string or integer").
    /// </summary>
    public static readonly JsonSerializerOptions WriteOnly = new(Options) { NumberHandling = JsonNumberHandling.Strict };

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        return options;
    }

    public static string Wire<TEnum>(TEnum value) where TEnum : struct, Enum =>
        JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
